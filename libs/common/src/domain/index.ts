export * from './domain-error';
export * from './decider';
export * from './roles';
export * from './event-schemas';
