export * from './contract';
export * from './intelligence-disseminated.v1';
export * from './intelligence-acknowledged.v1';
export { isRecord } from './fields';
