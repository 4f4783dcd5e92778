import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { TrainingCoverageTable, publishTrainingCoverage } from './training-coverage';
import { TRAINING_COURSE_CODES } from './training.events';

/** A fictional board's training coverage, beside the half year before. */
export const TRAINING_COVERAGE_EXAMPLE: TrainingCoverageTable = publishTrainingCoverage(
  [
    { agencyId: 'bf-school', courses: { 'cse-awareness': 6, 'cse-practitioner': 5 }, staffInPost: 120, staffTrained: 84 },
    { agencyId: 'bf-health', courses: { 'cse-awareness': 7, 'cse-practitioner': 2 }, staffInPost: 300, staffTrained: 150 },
  ],
  [{ agencyId: 'bf-school', courses: { 'cse-awareness': 8 }, staffInPost: 110, staffTrained: 40 }],
  4,
);

const cell: SchemaObject = {
  type: 'object',
  required: ['value', 'shown', 'suppressed'],
  properties: {
    value: { type: 'integer', nullable: true, description: 'The count; null when it is not shown' },
    shown: { type: 'string', example: 'fewer than 5' },
    suppressed: { oneOf: [{ type: 'string', enum: ['primary', 'complementary'] }, { type: 'boolean', enum: [false] }] },
  },
};
const rate: SchemaObject = {
  type: 'object',
  required: ['value', 'shown', 'suppressed'],
  properties: {
    value: { type: 'number', nullable: true, description: 'The percentage; null when not shown' },
    shown: { type: 'string', example: '70%' },
    suppressed: { oneOf: [{ type: 'string', enum: ['too-few'] }, { type: 'boolean', enum: [false] }] },
  },
};
const change: SchemaObject = {
  type: 'object',
  required: ['value', 'shown', 'direction'],
  properties: { value: { type: 'number', nullable: true }, shown: { type: 'string', example: '+34' }, direction: { type: 'string', nullable: true } },
};
const figures = (extra: Record<string, SchemaObject> = {}): SchemaObject => ({
  type: 'object',
  required: [...Object.keys(extra), 'courses', 'coursesTotal', 'staffInPost', 'staffTrained', 'coverage', 'previousCoverage', 'change'],
  properties: {
    ...extra,
    courses: { type: 'object', required: [...TRAINING_COURSE_CODES], properties: Object.fromEntries(TRAINING_COURSE_CODES.map((code) => [code, cell])) },
    coursesTotal: cell,
    staffInPost: { ...cell, description: 'The latest figure recorded in the period' },
    staffTrained: { ...cell, description: 'Summed over the period’s courses' },
    coverage: { ...rate, description: 'Staff trained out of staff in post, at most 100%; not shown when either count is hidden or fewer than 10 are in post' },
    previousCoverage: rate,
    change: { ...change, description: 'In percentage points' },
  },
});

/** The `training.coverage` table's schema (actions 1.3, 3.3). */
export const TRAINING_COVERAGE_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'CSE training coverage by agency (strategy actions 1.3, 3.3): courses held by course, staff in post, staff trained and the coverage rate, beside the previous period',
  required: ['rows', 'total'],
  properties: { rows: { type: 'array', items: figures({ agencyId: { type: 'string' } }) }, total: figures() },
};

/** The profile's answer schema with the `training.coverage` table added to its tables and its example. */
export function withTrainingCoverage(profile: SchemaObject): SchemaObject {
  const tables = (profile.properties?.tables ?? {}) as SchemaObject;
  const example = profile.example as { tables?: object } | undefined;
  return {
    ...profile,
    properties: {
      ...profile.properties,
      tables: { ...tables, required: [...(tables.required ?? []), 'training.coverage'], properties: { ...tables.properties, 'training.coverage': TRAINING_COVERAGE_SCHEMA } },
    },
    ...(example ? { example: { ...example, tables: { ...example.tables, 'training.coverage': TRAINING_COVERAGE_EXAMPLE } } } : {}),
  };
}
