import { join } from 'node:path';

/**
 * Every read-model entity of every context, by file name (`*.entity.ts`, `*.entities.ts` under
 * libs/<context>/src): what the read-model migrations are generated from and checked against, so
 * an entity added anywhere is covered without a list to keep.
 */
export const READ_MODEL_ENTITY_FILES = [join(__dirname, '../../../../libs/*/src/**/*.entit{y,ies}.ts')];
