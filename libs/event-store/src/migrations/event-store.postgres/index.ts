// Written by `npm run migration:generate`: the migrations of this folder, oldest first.
import type { MigrationClass } from '../schema-of';
import { Initial1796191078780 } from './1796191078780-Initial';
import { GlobalOrderKey1796229600000 } from './1796229600000-GlobalOrderKey';

export const EVENT_STORE_POSTGRES_MIGRATIONS: readonly MigrationClass[] = [Initial1796191078780, GlobalOrderKey1796229600000];
