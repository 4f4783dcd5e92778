export * from './retention.settings';
export * from './retention.events';
export * from './retention.decider';
export { retentionEventSchemas } from './retention.schemas';
export * from './retention.stream';
export * from './retention-review.entity';
export * from './retention.module';
export { RetentionService } from './retention.service';
