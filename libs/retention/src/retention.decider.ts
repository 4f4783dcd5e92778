import { Decider, DomainError } from '@app/common/domain';
import { RecordKind, RetentionDecision, RetentionEvent, addMonths } from './retention.events';

/** A review as it is issued (retention.stream.ts adds the moment and the reviewer's roles). */
export interface ReviewRetention {
  type: 'ReviewRetention';
  recordKind: RecordKind;
  recordId: string;
  /** What the record's own stream says: whether it exists and, for a case, whether it is closed. */
  record: { exists: boolean; closed: boolean };
  maxRetainMonths: number;
  data: { decision: RetentionDecision; reason: string; nextReviewOn?: string };
}

export interface ReviewRetentionCommand extends ReviewRetention {
  now: string;
  /** The stream's rule lets admins and intelligence officers in; which records each reviews is decided here. */
  roles: readonly string[];
}

export interface RetentionState {
  disposed: boolean;
  reviews: number;
}

/** Who reviews: the board's information manager (admin); intelligence also its intelligence officers. */
function mayReview(kind: RecordKind, roles: readonly string[]): boolean {
  return roles.includes('admin') || (kind === 'intelligence' && roles.includes('intelligence-officer'));
}

export const retentionDecider: Decider<ReviewRetentionCommand, RetentionEvent, RetentionState> = {
  initialState: () => ({ disposed: false, reviews: 0 }),

  decide(command, state) {
    const { recordKind, recordId, now, data } = command;
    if (!mayReview(recordKind, command.roles)) {
      throw new DomainError(`Only an admin${recordKind === 'intelligence' ? ' or an intelligence officer' : ''} may review retention; nothing was written`, 'forbidden', 403);
    }
    if (!command.record.exists) throw new DomainError(`No ${recordKind} ${recordId}`, 'not-found', 404);
    if (state.disposed) throw new DomainError(`${recordKind} ${recordId} has been disposed of`, 'already-disposed', 409);
    if (recordKind === 'case' && !command.record.closed) throw new DomainError('A case is reviewed for retention once it is closed', 'case-open', 409);
    const reason = data.reason.trim();
    if (!reason) throw new DomainError('Give the reason for the decision', 'reason-required');
    if (data.decision === 'dispose') {
      if (data.nextReviewOn) throw new DomainError('A disposal has no next review', 'next-review-with-disposal');
      return [{ type: 'RetentionReviewed', data: { recordKind, recordId, decision: 'dispose', reason, reviewedAt: now } }];
    }
    const next = data.nextReviewOn;
    if (!next) throw new DomainError('A decision to retain sets the next review date, nextReviewOn', 'next-review-required');
    const today = now.slice(0, 10);
    if (next <= today) throw new DomainError('The next review must be after today', 'next-review-not-future');
    if (next > addMonths(now, command.maxRetainMonths)) {
      throw new DomainError(`The next review must be within ${command.maxRetainMonths} months`, 'next-review-too-far');
    }
    return [{ type: 'RetentionReviewed', data: { recordKind, recordId, decision: 'retain', reason, nextReviewOn: next, reviewedAt: now } }];
  },

  evolve(state, event) {
    return event.type === 'RetentionReviewed' ? { disposed: state.disposed || event.data.decision === 'dispose', reviews: state.reviews + 1 } : state;
  },
};
