/**
 * Retention reviews (DOMAIN.md, "Intelligence": "a review records retain-with-reason or dispose;
 * disposal erases personal data"), one stream per record reviewed: `retention-{kind}-{id}`.
 */
export const RECORD_KINDS = { intelligence: 'Intelligence item', case: "Child's case" } as const;
export type RecordKind = keyof typeof RECORD_KINDS;
export const RECORD_KIND_CODES = Object.keys(RECORD_KINDS) as RecordKind[];

export const RETENTION_DECISIONS = ['retain', 'dispose'] as const;
export type RetentionDecision = (typeof RETENTION_DECISIONS)[number];

export type RetentionReviewed = {
  type: 'RetentionReviewed';
  data: {
    recordKind: RecordKind;
    recordId: string;
    decision: RetentionDecision;
    reason: string;
    /** Retain only: the next review (YYYY-MM-DD). */
    nextReviewOn?: string;
    reviewedAt: string;
  };
};

export type RetentionEvent = RetentionReviewed;

/** The data subject whose key a disposal destroys. */
export const subjectOf = (kind: RecordKind, id: string) => (kind === 'intelligence' ? `intel:${id}` : `child:${id}`);

/** Adds whole months to a date or instant, as a calendar date (the 31st becomes the month's last day). */
export function addMonths(at: string, months: number): string {
  const d = new Date(at);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), last));
  return target.toISOString().slice(0, 10);
}
