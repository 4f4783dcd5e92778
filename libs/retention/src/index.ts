export * from './retention.settings';
export * from './retention.events';
export * from './retention.decider';
export * from './retention-review.entity';
export * from './retention.module';
export { RetentionService } from './retention.service';
