export * from './event-store.contract';
export * from './databases';
export * from './store-and-read-models';
