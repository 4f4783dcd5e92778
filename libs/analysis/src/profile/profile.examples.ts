import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { PROFILE_MEASURES, profilePlaces } from './profile-facts';
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
      'referrals.area': { 'Great Hollands': 9, 'Town Centre': 6, other: 5, 'not-recorded': 3 },
      'referrals.school': { 'Example Secondary School': 8, 'Example Academy': 5, other: 6, 'not-recorded': 4 },
      'missing.duration': { 'under-24h': 14, '1-3-days': 5, 'over-3-days': 2, 'still-missing': 1 },
      'missing.repeatedly': { children: 6 },
      'risk.firstBand': { mild: 6, moderate: 9, significant: 5 },
      'risk.latestBand': { none: 4, mild: 7, moderate: 6, significant: 3 },
      'risk.movement': { down: 8, same: 5, up: 2, 'assessed-once': 5 },
      'poi.ageBand': { '18-24': 7, '25-34': 4, '35-plus': 2 },
      'poi.gender': { male: 11, female: 2 },
      'poi.childLinks': { 'suspected-exploiter': 9, 'gave-gifts': 5, 'seen-with': 6 },
      'poi.disruption': { 'child-abduction-warning-notice': 6, arrest: 3 },
      'poi.intervention': { started: 4 },
      'intel.submitted': { 'bf-school': 12, 'bf-health': 6, 'thames-valley-police': 3 },
      'intel.grading': { '1/A': 5, '2/B': 9, '2/C': 4, '3/D': 3 },
      'intel.toDissemination': { 'under-24h': 11, '1-3-days': 6, '4-7-days': 2 },
      'intel.acknowledgement': { actioned: 10, 'no-further-action': 6, 'linked-to-operation': 3 },
      'sharing.peer': { 'westmoor-lscb': 6, 'thames-valley-police': 5 },
      'sharing.label': { AMBER: 8, GREEN: 3 },
      'sharing.lawfulBasis': { 'cda-1998-s115': 6, 'dpa-2018-sch1-para18': 5 },
      'sharing.toApproval': { 'under-24h': 7, '1-3-days': 4 },
      'sharing.notShared': { 'refused-by-officer': 2, 'decided-not-to-share': 5 },
      'semrac.meetings': { held: 6 },
      'semrac.actionsDone': { 'on-time': 21, late: 7 },
    }),
    counts({
      'referrals.count': { all: 19 },
      'referrals.agencyKind': { education: 6, 'children-social-care': 9, health: 4 },
      'referrals.ageBand': { '13-15': 10, '16-17': 9 },
      'referrals.gender': { female: 15, male: 4 },
      'referrals.sign': { 'S-MISSING': 8, 'S-SCHOOL-ABSENCE': 6 },
      'referrals.area': { 'Great Hollands': 7, 'Town Centre': 6, other: 6 },
      'referrals.school': { 'Example Secondary School': 9, 'Example Academy': 5, other: 5 },
      'missing.duration': { 'under-24h': 11, '1-3-days': 6 },
      'missing.repeatedly': { children: 3 },
      'risk.firstBand': { mild: 5, moderate: 8, significant: 4 },
      'risk.latestBand': { none: 2, mild: 6, moderate: 6, significant: 3 },
      'risk.movement': { down: 6, same: 6, up: 1, 'assessed-once': 4 },
      'poi.ageBand': { '18-24': 5, '25-34': 5 },
      'poi.gender': { male: 10 },
      'poi.childLinks': { 'suspected-exploiter': 7, 'seen-with': 5 },
      'poi.disruption': { 'child-abduction-warning-notice': 5 },
      'poi.intervention': { started: 2 },
      'intel.submitted': { 'bf-school': 9, 'bf-health': 7 },
      'intel.grading': { '1/A': 5, '2/B': 8, '2/C': 3 },
      'intel.toDissemination': { 'under-24h': 8, '1-3-days': 5, '4-7-days': 3 },
      'intel.acknowledgement': { actioned: 9, 'no-further-action': 7 },
      'sharing.peer': { 'westmoor-lscb': 5, 'thames-valley-police': 5 },
      'sharing.label': { AMBER: 10 },
      'sharing.lawfulBasis': { 'cda-1998-s115': 10 },
      'sharing.toApproval': { 'under-24h': 6, '1-3-days': 4 },
      'sharing.notShared': { 'decided-not-to-share': 6 },
      'semrac.meetings': { held: 6 },
      'semrac.actionsDone': { 'on-time': 15, late: 9 },
    }),
    4,
    { places: profilePlaces({ PROFILE_AREAS: 'Great Hollands, Town Centre', PROFILE_SCHOOLS: 'Example Secondary School, Example Academy' }) },
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
      description:
        'One table per measure: each value\'s row, and the total (the sum of the rows; for signs, vulnerabilities and vulnerable groups, where one referral fills several rows, the number of referrals). `referrals.area` and `referrals.school` count under the board\'s wards and schools (PROFILE_AREAS, PROFILE_SCHOOLS), `other` and `not-recorded`: never a referral\'s own text. The risk tables count each child with a band once, in the month of the latest assessment or SEMRAC agreement: the band at the first, the band now (the case view\'s rule) and the movement between them (up, same, down, or assessed-once). `missing.repeatedly` counts each child once in each month a report made 3 or more episodes within 90 days. The `poi.` tables count persons of interest recorded (by age band and gender), their links to children\'s cases by nature, disruptions by kind in the month they happened and interventions to disengage in the month they started. The `intel.` tables count items submitted (by the submitting agency\'s id), first gradings (source/assessment), the time from submission to first dissemination and police acknowledgements by outcome. The `sharing.` tables count shares sent (by peer, TLP label and lawful basis), the time from request to approval, and refusals and decisions not to share. `semrac.meetings` counts meetings held (in the month closed); `semrac.actionsDone` actions first marked done, by the end of their due day or later',
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
