export * from './policy/access-policy';
export * from './access.settings';
export * from './access.module';
export * from './access-gate';
export * from './http/access-request';
export * from './recording/access.events';
export * from './recording/access-recorder';
export * from './recording/access-trail';
