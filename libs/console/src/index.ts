export * from './console.module';
export * from './console.settings';
export { ConsoleSessionEntity } from './session/console-session.entity';
export { ConsoleViews, projectRoot } from './views/console-views';
