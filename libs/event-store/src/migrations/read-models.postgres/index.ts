// Written by `npm run migration:generate`: the migrations of this folder, oldest first.
import type { MigrationClass } from '../schema-of';
import { Initial1796191078780 } from './1796191078780-Initial';
import { AnalysisProfile1796194134082 } from './1796194134082-AnalysisProfile';

export const READ_MODEL_POSTGRES_MIGRATIONS: readonly MigrationClass[] = [Initial1796191078780, AnalysisProfile1796194134082];
