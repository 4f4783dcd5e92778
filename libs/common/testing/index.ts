export * from './decider-spec';
export * from './zod-samples';
