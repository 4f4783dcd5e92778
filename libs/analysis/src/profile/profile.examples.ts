import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { PROFILE_MEASURES } from './profile-facts';
import { PeriodCounts, publishProfile } from './profile-tables';
import type { ProfileAnswer } from './profile.query';

const counts = (entries: Record<string, Record<string, number>>): PeriodCounts => new Map(Object.entries(entries).map(([measure, values]) => [measure, new Map(Object.entries(values))]));

/** A fictional board's half year beside the one before: what GET /analysis/profile answers. */
export const PROFILE_EXAMPLE: ProfileAnswer = {
  period: { from: '2026-05', to: '2026-10' },
  previousPeriod: { from: '2025-11', to: '2026-04' },
  suppressionThreshold: 4,
  tables: publishProfile(
    counts({
      'referrals.count': { all: 23 },
      'referrals.agencyKind': { education: 9, 'children-social-care': 8, health: 3, police: 3 },
      'referrals.ageBand': { '13-15': 12, '16-17': 8, '10-12': 3 },
      'referrals.gender': { female: 17, male: 6 },
      'referrals.sign': { 'S-MISSING': 11, 'S-SCHOOL-ABSENCE': 7, 'S-UNEXPLAINED-GIFTS': 2 },
      'missing.duration': { 'under-24h': 14, '1-3-days': 5, 'over-3-days': 2, 'still-missing': 1 },
    }),
    counts({
      'referrals.count': { all: 19 },
      'referrals.agencyKind': { education: 6, 'children-social-care': 9, health: 4 },
      'referrals.ageBand': { '13-15': 10, '16-17': 9 },
      'referrals.gender': { female: 15, male: 4 },
      'referrals.sign': { 'S-MISSING': 8, 'S-SCHOOL-ABSENCE': 6 },
      'missing.duration': { 'under-24h': 11, '1-3-days': 6 },
    }),
    4,
  ),
};

const cell: SchemaObject = {
  type: 'object',
  required: ['value', 'shown', 'suppressed'],
  properties: {
    value: { type: 'integer', nullable: true, description: 'The count; null when it is not shown' },
    shown: { type: 'string', description: 'As published: the count, "fewer than 5" or "not shown"', example: 'fewer than 5' },
    suppressed: {
      description: '`primary` (a count from 1 to the threshold), `complementary` (hidden so that another cannot be worked out), or false',
      oneOf: [{ type: 'string', enum: ['primary', 'complementary'] }, { type: 'boolean', enum: [false] }],
    },
  },
};
const change: SchemaObject = {
  type: 'object',
  required: ['value', 'shown', 'direction'],
  properties: {
    value: { type: 'integer', nullable: true, description: 'This period less the previous; null unless both are shown' },
    shown: { type: 'string', example: '+3' },
    direction: { type: 'string', nullable: true, description: 'up, down or same; null unless both are shown' },
  },
};
const figure = (extra: Record<string, SchemaObject> = {}): SchemaObject => ({
  type: 'object',
  required: [...Object.keys(extra), 'count', 'previous', 'change'],
  properties: { ...extra, count: cell, previous: cell, change },
});
const period: SchemaObject = { type: 'object', required: ['from', 'to'], properties: { from: { type: 'string', example: '2026-05' }, to: { type: 'string', example: '2026-10' } } };

/** The answer's schema, written out (an example's hidden cells are nulls, which say nothing of their type), with the example. */
export const PROFILE_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['period', 'previousPeriod', 'suppressionThreshold', 'tables'],
  properties: {
    period,
    previousPeriod: period,
    suppressionThreshold: { type: 'integer', description: 'Counts from 1 to this are shown as "fewer than" one more (PROFILE_SUPPRESSION_THRESHOLD)' },
    tables: {
      type: 'object',
      description: 'One table per measure: each value\'s row, and the total (the sum of the rows; for signs, vulnerabilities and vulnerable groups, where one referral fills several rows, the number of referrals)',
      required: [...PROFILE_MEASURES],
      properties: Object.fromEntries(
        PROFILE_MEASURES.map((measure) => [
          measure,
          { type: 'object', required: ['rows', 'total'], properties: { rows: { type: 'array', items: figure({ value: { type: 'string' } }) }, total: figure() } },
        ]),
      ),
    },
  },
  example: PROFILE_EXAMPLE,
};
