import { z } from 'zod';
import { maximalSample, minimalSample, widestChoice } from './zod-samples';

describe('zod samples', () => {
  const schema = z
    .object({
      caseId: z.string().min(1),
      shareId: z.guid(),
      actionIds: z.array(z.string().min(1)),
      actions: z.array(z.object({ actionId: z.string().min(1), dueDate: z.string().min(1) })).min(1),
      name: z.string(),
      note: z.string().trim().min(3).optional(),
      recordedAt: z.iso.datetime({ offset: true }),
      on: z.iso.date(),
      count: z.number().int().positive(),
      level: z.enum(['low', 'high']),
      grade: z.literal(['A', 'B']),
      urgent: z.literal(true),
      flag: z.boolean(),
      target: z.discriminatedUnion('kind', [z.object({ kind: z.literal('case'), caseId: z.string() }), z.object({ kind: z.literal('poi'), poiId: z.string() })]),
      knownAt: z.union([z.iso.date(), z.iso.datetime({ offset: true })]),
      tags: z.record(z.string(), z.number()),
      maybe: z.string().nullable(),
      withDefault: z.number().default(4),
      piped: z.string().pipe(z.string().min(2)),
      informed: z.boolean(),
      reasonNotInformed: z.string().min(1).optional(),
    })
    .refine((v) => v.informed || v.reasonNotInformed !== undefined, { path: ['reasonNotInformed'], message: 'required when not informed' });

  it('gives a minimal value the schema accepts: required keys only, ids stable by key name', () => {
    const value = minimalSample(schema, { seed: 'min' });
    expect(schema.parse(value)).toBeDefined();
    expect(value).not.toHaveProperty('note');
    expect(value).not.toHaveProperty('withDefault');
    expect(value.caseId).toBe('min-case-id');
    expect(value.actionIds).toEqual([]);
    expect(value.actions).toEqual([{ actionId: 'min-action-id', dueDate: '2026-01-15' }]);
    expect(value).toMatchObject({ name: '', count: 1, level: 'low', grade: 'A', urgent: true, flag: false, maybe: null, tags: {} });
    expect(value.target).toEqual({ kind: 'case', caseId: 'min-case-id' });
    // The refinement asks for a reason when the subject was not informed: the sample gives one.
    expect(value.reasonNotInformed).toBeDefined();
  });

  it('gives a maximal value the schema accepts: every optional key present', () => {
    const value = maximalSample(schema, { seed: 'max', ids: { caseId: 'case-7' } });
    expect(schema.parse(value)).toBeDefined();
    expect(value.note).toEqual(expect.any(String));
    expect(value.withDefault).toEqual(expect.any(Number));
    expect(value.caseId).toBe('case-7');
    expect(value.actionIds).toEqual(['max-action-id']);
    expect(value.actions[0].actionId).toBe('max-action-id');
    expect(value.target).toEqual({ kind: 'poi', poiId: 'max-poi-id' });
    expect(value.shareId).toBe(maximalSample(schema, { seed: 'max' }).shareId);
    expect(value.shareId).not.toBe(minimalSample(schema, { seed: 'min' }).shareId);
  });

  it('takes each option of an enum, literal and union in turn, so that every one is sampled', () => {
    expect(widestChoice(schema)).toBe(2);
    const levels = [0, 1].map((option) => maximalSample(schema, { option }).level);
    expect(levels).toEqual(['low', 'high']);
  });

  it('gives date keys that ask for no date format the plain text such a schema lets through', () => {
    const loose = z.object({ closedAt: z.string().min(1), on: z.iso.date() });
    const value = minimalSample(loose, { plainDates: true });
    expect(loose.parse(value)).toEqual({ closedAt: 'c', on: '2026-01-15' });
  });
});
