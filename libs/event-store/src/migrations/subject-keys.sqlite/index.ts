// Written by `npm run migration:generate`: the migrations of this folder, oldest first.
import type { MigrationClass } from '../schema-of';
import { Initial1796191078780 } from './1796191078780-Initial';

export const SUBJECT_KEY_SQLITE_MIGRATIONS: readonly MigrationClass[] = [Initial1796191078780];
