import type { RiskEvent } from './risk.events';
import { DEFAULT_RISK_BAND_LABELS, RiskBand, RiskReason } from './risk-scheme';

/** The case view's risk section: the latest assessment, and every assessment in date order. */
export interface RiskView {
  assessmentId: string;
  band: RiskBand;
  score: number;
  scheme: { name: string; version: string };
  assessedAt: string;
  /** YYYY-MM-DD. */
  nextReviewDue: string;
  disclosure: boolean;
  reasons: RiskReason[];
  history: { assessmentId: string; band: RiskBand; score: number; assessedAt: string; assessorAgencyId: string }[];
}

/**
 * Pure, never throws. The latest assessment by `assessedAt` is the current one: an older
 * assessment entered late joins the history without replacing it.
 */
export function evolveRiskView(risk: RiskView | undefined, event: RiskEvent): RiskView | undefined {
  switch (event.type) {
    case 'RiskAssessed': {
      const d = event.data;
      const entry = { assessmentId: d.assessmentId, band: d.band, score: d.score, assessedAt: d.assessedAt, assessorAgencyId: d.assessor.agencyId };
      const history = [...(risk?.history ?? []), entry].sort((a, b) => (a.assessedAt < b.assessedAt ? -1 : a.assessedAt > b.assessedAt ? 1 : 0));
      if (risk && d.assessedAt < risk.assessedAt) return { ...risk, history };
      return {
        assessmentId: d.assessmentId,
        band: d.band,
        score: d.score,
        scheme: d.scheme,
        assessedAt: d.assessedAt,
        nextReviewDue: d.nextReviewDue,
        disclosure: d.disclosure,
        reasons: d.reasons,
        history,
      };
    }
    case 'DisclosureRecorded':
      return risk && risk.assessmentId === event.data.assessmentId ? { ...risk, disclosure: true } : risk;
  }
}

/** The chronology line: band, score and scheme; no personal data. */
export function summariseRiskEvent(event: RiskEvent): string {
  switch (event.type) {
    case 'RiskAssessed': {
      const d = event.data;
      const raised = d.reasons.filter((r) => r.effect === 'raised').map((r) => RULE_NAMES[r.rule]);
      return (
        `Risk assessed by ${d.assessor.agencyName}: ${DEFAULT_RISK_BAND_LABELS[d.band] ?? d.band} (score ${d.score}` +
        `${raised.length > 0 ? `, raised by ${raised.join(' and ')}` : ''}; ${d.scheme.name} v${d.scheme.version}); next review due ${d.nextReviewDue}`
      );
    }
    case 'DisclosureRecorded':
      return "Disclosure of exploitation recorded: police and children's social care to be notified urgently";
  }
}

const RULE_NAMES: Record<RiskReason['rule'], string> = {
  score: 'score',
  'young-child-significant-sign': 'the rule for a child aged 13 or under with a significant sign',
  disclosure: 'a disclosure',
};

/**
 * A reassessment is overdue when an open case's latest assessment is past its review date
 * (DOMAIN.md: "Reassess at least every 3 months while the case is open"). Computed at query time,
 * since time passes without events. A case never assessed has no reassessment due.
 */
export function isRiskReviewOverdue(view: { status: string; risk?: { nextReviewDue: string } }, now: string): boolean {
  return view.status === 'open' && view.risk !== undefined && now.slice(0, 10) > view.risk.nextReviewDue;
}
