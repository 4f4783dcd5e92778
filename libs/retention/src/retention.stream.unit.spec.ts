import { eventProblems } from '@app/common';
import { RetentionReviewed } from './retention.events';
import { retentionId, retentionStream } from './retention.stream';

const ID = '7f3e2d1c-0b9a-4c8d-9e7f-6a5b4c3d2e1f';
const retained: RetentionReviewed = {
  type: 'RetentionReviewed',
  data: { recordKind: 'intelligence', recordId: ID, decision: 'retain', reason: 'Linked to an open investigation', nextReviewOn: '2027-11-28', reviewedAt: '2026-11-28T10:00:00.000Z' },
};

describe('retention stream', () => {
  it('is one stream per record reviewed', () => {
    expect(retentionStream.streamId(retentionId('case', ID))).toBe(`retention-case-${ID}`);
  });

  it('is reviewed by admins and intelligence officers (the decider keeps officers to intelligence)', () => {
    expect(retentionStream.commands.ReviewRetention).toEqual({ roles: ['admin', 'intelligence-officer'] });
  });

  it('stores a decision to retain with its next review, and one to dispose without', () => {
    const { nextReviewOn: _next, ...disposal } = { ...retained.data, decision: 'dispose' as const };
    expect(eventProblems(retentionStream.events, retained)).toEqual([]);
    expect(eventProblems(retentionStream.events, { type: 'RetentionReviewed', data: disposal })).toEqual([]);
    const { nextReviewOn: _none, ...undated } = retained.data;
    expect(eventProblems(retentionStream.events, { type: 'RetentionReviewed', data: undated })).toEqual([{ field: 'nextReviewOn', problems: ['is required to retain, and absent to dispose'] }]);
    expect(eventProblems(retentionStream.events, { type: 'RetentionReviewed', data: { ...retained.data, reason: ' ' } }).map((p) => p.field)).toEqual(['reason']);
  });
});
