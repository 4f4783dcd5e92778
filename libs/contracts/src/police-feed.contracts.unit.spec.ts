import { IntelligenceAcknowledgedV1, IntelligenceDisseminatedV1 } from '.';

const disseminated = () => JSON.parse(JSON.stringify(IntelligenceDisseminatedV1.example));
const acknowledged = () => JSON.parse(JSON.stringify(IntelligenceAcknowledgedV1.example));

describe('intelligence-disseminated.v1', () => {
  it('is versioned in its type and accepts its documented example', () => {
    expect(IntelligenceDisseminatedV1.type).toBe('intelligence-disseminated.v1');
    expect(IntelligenceDisseminatedV1.validate(disseminated())).toEqual({ ok: true, value: disseminated(), errors: [] });
    const plain = { ...disseminated(), grading: { source: 1, assessment: 'A', handling: 'P' }, subjects: [], urgent: true };
    expect(IntelligenceDisseminatedV1.validate(plain).ok).toBe(true);
  });

  it('takes a disclosure with handling and conditions only, and no evaluation', () => {
    const disclosure = {
      ...disseminated(),
      kind: 'disclosure',
      itemId: 'disclosure-0b7e4c1a-9d2f-4e3a-8b5c-6d7e8f9a0b1c',
      grading: { handling: 'C', conditions: 'Contact the lead professional before any action.' },
      subjects: [{ kind: 'child-case', ref: 'c7e2a1b9-4d3f-4a6e-8c5b-9d0e1f2a3b4c' }],
      urgent: true,
    };
    expect(IntelligenceDisseminatedV1.validate(disclosure).ok).toBe(true);
    expect(IntelligenceDisseminatedV1.validate({ ...disclosure, grading: { ...disclosure.grading, source: 1 } }).errors).toEqual([
      'grading: a disclosure carries only handling and conditions',
    ]);
    const ungraded = { ...disseminated(), grading: { handling: 'P' } };
    expect(IntelligenceDisseminatedV1.validate(ungraded).errors).toEqual(['grading.source: is required', 'grading.assessment: is required']);
  });

  it('takes children and persons of interest by reference only, and descriptions as text only', () => {
    const withName = { ...disseminated(), subjects: [{ kind: 'child-case', text: 'Amy, 14' }, { kind: 'vehicle', ref: 'KX66ABC' }] };
    expect(IntelligenceDisseminatedV1.validate(withName).errors).toEqual([
      'subjects[0].ref: is required',
      'subjects[0].text: a referenced subject gives ref only',
      'subjects[1].text: is required',
      'subjects[1].ref: a described subject gives text only',
    ]);
  });

  it('refuses handling code C without written conditions, and conditions with P', () => {
    const noConditions = disseminated();
    delete noConditions.grading.conditions;
    expect(IntelligenceDisseminatedV1.validate(noConditions)).toEqual({ ok: false, errors: ['grading.conditions: is required'] });
    const blank = { ...disseminated(), grading: { ...disseminated().grading, conditions: '   ' } };
    expect(IntelligenceDisseminatedV1.validate(blank).errors).toEqual(['grading.conditions: must not be empty']);
    const withP = { ...disseminated(), grading: { ...disseminated().grading, handling: 'P' } };
    expect(IntelligenceDisseminatedV1.validate(withP).errors).toEqual(['grading.conditions: only handling code C carries conditions']);
  });

  it('names every wrong field, and never repeats what it found', () => {
    const secret = 'Jane Source of 12 Acacia Avenue';
    const bad = {
      ...disseminated(),
      messageId: secret,
      sequence: 0,
      disseminatedAt: 'yesterday',
      grading: { source: 4, assessment: 'F', handling: 'X' },
      subjects: [{ kind: 'informant', ref: secret }, 'poi'],
      urgent: 'yes',
      sourceName: secret,
    };
    const result = IntelligenceDisseminatedV1.validate(bad);
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      'sourceName: is not a field of this message version',
      'messageId: must be a UUID',
      'sequence: must be a whole number, at least 1',
      'disseminatedAt: must be an ISO 8601 date and time with a zone, e.g. 2026-11-27T09:30:00.000Z',
      'grading.source: must be one of 1, 2, 3',
      'grading.assessment: must be one of "A", "B", "C", "D", "E"',
      'grading.handling: must be one of "P", "C"',
      'subjects[0].kind: must be one of "poi", "child-case", "location", "vehicle", "phone", "online-identity"',
      'subjects[1]: must be an object',
      'urgent: must be true or false',
    ]);
    expect(result.errors.join('\n')).not.toContain('Jane');
  });

  it('refuses what is not a message at all, and missing fields by name', () => {
    expect(IntelligenceDisseminatedV1.validate(null).errors).toEqual(['(message): must be an object']);
    expect(IntelligenceDisseminatedV1.validate([]).errors).toEqual(['(message): must be an object']);
    expect(IntelligenceDisseminatedV1.validate({}).errors).toEqual([
      'messageId: is required',
      'kind: is required',
      'itemId: is required',
      'sequence: is required',
      'disseminatedAt: is required',
      'grading: is required',
      'sanitisedText: is required',
      'subjects: is required',
      'urgent: is required',
    ]);
  });
});

describe('intelligence-acknowledged.v1', () => {
  it('is versioned in its type and accepts its documented example and each outcome', () => {
    expect(IntelligenceAcknowledgedV1.type).toBe('intelligence-acknowledged.v1');
    expect(IntelligenceAcknowledgedV1.validate(acknowledged()).ok).toBe(true);
    for (const outcome of ['actioned', 'no-further-action']) {
      const { operationRef: _, ...rest } = acknowledged();
      expect(IntelligenceAcknowledgedV1.validate({ ...rest, outcome }).ok).toBe(true);
    }
  });

  it('needs an operation reference when linked to an operation, and only then', () => {
    const { operationRef: _, ...linkedWithout } = acknowledged();
    expect(IntelligenceAcknowledgedV1.validate(linkedWithout).errors).toEqual(['operationRef: is required']);
    expect(IntelligenceAcknowledgedV1.validate({ ...acknowledged(), outcome: 'actioned' }).errors).toEqual([
      'operationRef: is given only with outcome "linked-to-operation"',
    ]);
  });

  it('names every wrong field', () => {
    const result = IntelligenceAcknowledgedV1.validate({ ...acknowledged(), outcome: 'ignored', acknowledgedAt: 1700000000, unit: { id: '' } });
    expect(result.errors).toEqual([
      'outcome: must be one of "actioned", "no-further-action", "linked-to-operation"',
      'operationRef: is given only with outcome "linked-to-operation"',
      'acknowledgedAt: must be a string',
      'unit.id: must not be empty',
      'unit.officer: is required',
    ]);
  });
});
