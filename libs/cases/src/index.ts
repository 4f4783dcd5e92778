export * from './cases.module';
export * from './shared/indicators';
export * from './referral/referral.events';
export * from './case/case.events';
export * from './case/case.decider';
export * from './case-view/case-view';
export * from './case-view/case-view.entity';
export * from './case-view/case-view.projection';
