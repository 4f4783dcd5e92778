// Written by `npm run migration:generate`: the migrations of this folder, oldest first.
import type { MigrationClass } from '../schema-of';
import { Initial1796191078780 } from './1796191078780-Initial';
import { GlobalOrderKey1796229600000 } from './1796229600000-GlobalOrderKey';
import { AppendFastPath1796256695076 } from './1796256695076-AppendFastPath';
import { NewSubjectsWithEvents1796408269383 } from './1796408269383-NewSubjectsWithEvents';
import { NewStreamHeadOnce1796436895056 } from './1796436895056-NewStreamHeadOnce';

export const EVENT_STORE_POSTGRES_MIGRATIONS: readonly MigrationClass[] = [Initial1796191078780, GlobalOrderKey1796229600000, AppendFastPath1796256695076, NewSubjectsWithEvents1796408269383, NewStreamHeadOnce1796436895056];
