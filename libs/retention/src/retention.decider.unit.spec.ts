import { deciderSpec } from '@app/common-testing';
import { ReviewRetentionCommand, retentionDecider } from './retention.decider';
import { RetentionReviewed, addMonths } from './retention.events';

const spec = deciderSpec(retentionDecider);
const NOW = '2026-11-28T10:00:00.000Z';
const ID = '7f3e2d1c-0b9a-4c8d-9e7f-6a5b4c3d2e1f';

function review(data: ReviewRetentionCommand['data'], more: Partial<ReviewRetentionCommand> = {}): ReviewRetentionCommand {
  return { type: 'ReviewRetention', recordKind: 'intelligence', recordId: ID, now: NOW, roles: ['intelligence-officer'], record: { exists: true, closed: false }, maxRetainMonths: 60, data, ...more };
}
const retained = (nextReviewOn: string): RetentionReviewed => ({
  type: 'RetentionReviewed',
  data: { recordKind: 'intelligence', recordId: ID, decision: 'retain', reason: 'Linked to an open investigation', nextReviewOn, reviewedAt: NOW },
});
const disposed: RetentionReviewed = { type: 'RetentionReviewed', data: { recordKind: 'intelligence', recordId: ID, decision: 'dispose', reason: 'No longer needed', reviewedAt: NOW } };

describe('retention review decider', () => {
  it('retains with a reason until a next review date in the future, within the longest interval', () => {
    spec.given([]).when(review({ decision: 'retain', reason: ' Linked to an open investigation ', nextReviewOn: '2027-11-28' })).then([retained('2027-11-28')]);
    spec.given([]).when(review({ decision: 'retain', reason: 'Linked', nextReviewOn: addMonths(NOW, 60) })).then([{ ...retained(addMonths(NOW, 60)), data: { ...retained(addMonths(NOW, 60)).data, reason: 'Linked' } }]);
    spec.given([]).when(review({ decision: 'retain', reason: 'Linked', nextReviewOn: '2031-11-29' })).thenRefuses('next-review-too-far');
    spec.given([]).when(review({ decision: 'retain', reason: 'Linked', nextReviewOn: '2026-11-28' })).thenRefuses('next-review-not-future');
    spec.given([]).when(review({ decision: 'retain', reason: 'Linked' })).thenRefuses('next-review-required');
    spec.given([]).when(review({ decision: 'retain', reason: '  ', nextReviewOn: '2027-01-01' })).thenRefuses('reason-required');
  });

  it('disposes with a reason, once, and without a next review', () => {
    spec.given([retained('2027-11-28')]).when(review({ decision: 'dispose', reason: 'No longer needed' })).then([disposed]);
    spec.given([disposed]).when(review({ decision: 'dispose', reason: 'Again' })).thenRefuses('already-disposed');
    spec.given([]).when(review({ decision: 'dispose', reason: 'No longer needed', nextReviewOn: '2027-01-01' })).thenRefuses('next-review-with-disposal');
  });

  it('reviews a case only once it is closed, and only as an admin', () => {
    const onCase = (roles: string[], closed: boolean) => review({ decision: 'dispose', reason: 'Child now 25' }, { recordKind: 'case', roles, record: { exists: true, closed } });
    spec.given([]).when(onCase(['admin'], false)).thenRefuses('case-open');
    spec.given([]).when(onCase(['intelligence-officer'], true)).thenRefuses('forbidden');
    spec.given([]).when(onCase(['admin'], true)).then([{ type: 'RetentionReviewed', data: { recordKind: 'case', recordId: ID, decision: 'dispose', reason: 'Child now 25', reviewedAt: NOW } }]);
  });

  it('refuses an unknown record and a practitioner', () => {
    spec.given([]).when(review({ decision: 'dispose', reason: 'x y z' }, { record: { exists: false, closed: false } })).thenRefuses('not-found');
    spec.given([]).when(review({ decision: 'dispose', reason: 'x y z' }, { roles: ['practitioner'] })).thenRefuses('forbidden');
  });

  it('counts months in the calendar: the 31st of a short month is its last day', () => {
    expect(addMonths('2026-01-31T10:00:00.000Z', 1)).toBe('2026-02-28');
    expect(addMonths('2026-11-28T23:30:00.000Z', 72)).toBe('2032-11-28');
    expect(addMonths('2026-11-28', 0)).toBe('2026-11-28');
  });
});
