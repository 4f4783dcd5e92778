export * from './auth.settings';
export * from './auth.module';
export * from './auth.guard';
export * from './token-verifier';
export * from './trusted-issuer';
export * from './user-throttler.guard';
export * from './dev-issuer/demo-users';
export * from './dev-issuer/dev-issuer';
export { Public } from '@app/common';
