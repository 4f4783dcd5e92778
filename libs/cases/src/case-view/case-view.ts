import { EXPLOITATION_MODELS, SIGNS, VULNERABILITIES } from '../shared/indicators';
import { ChildDetails, ReferralEvent, ReferringAgency } from '../referral/referral.events';

/** What a practitioner sees of a case: current state plus a chronology of everything on it. */
export interface CaseView {
  caseId: string;
  status: 'open';
  openedAt: string;
  updatedAt: string;
  child: ChildDetails;
  flags: { lookedAfter: boolean; careLeaver: boolean; migrantOrUnaccompanied: boolean };
  agencies: ReferringAgency[];
  vulnerabilities: IndicatorEntry[];
  signs: IndicatorEntry[];
  suspectedModels: { code: string; label: string }[];
  /** Any referral said the child was in immediate danger. */
  immediateDangerReported: boolean;
  referrals: {
    referralId: string;
    referredAt: string;
    receivedAt: string;
    agency: ReferringAgency;
    referrer: { name: string; role: string };
    narrative: string;
    immediateDanger: boolean;
  }[];
  chronology: ChronologyEntry[];
}

export interface IndicatorEntry {
  code: string;
  label: string;
  firstReportedAt: string;
  /** Agency ids that reported it. */
  reportedBy: string[];
}

export interface ChronologyEntry {
  at: string;
  eventId: string;
  type: string;
  summary: string;
  by: { userId: string; agencyId: string };
}

/** The stored event fields the view needs; RecordedEvent satisfies it. */
export interface CaseViewSource {
  id: string;
  recordedAt: string;
  metadata: { actor: { userId: string; agencyId: string } };
}

/** Pure: the view after one more event. Never throws (history is a fact). */
export function evolveCaseView(view: CaseView | undefined, event: ReferralEvent, source: CaseViewSource): CaseView | undefined {
  switch (event.type) {
    case 'ReferralReceived': {
      const d = event.data;
      const base: CaseView = view ?? {
        caseId: d.caseId,
        status: 'open',
        openedAt: source.recordedAt,
        updatedAt: source.recordedAt,
        child: d.child,
        flags: { lookedAfter: false, careLeaver: false, migrantOrUnaccompanied: false },
        agencies: [],
        vulnerabilities: [],
        signs: [],
        suspectedModels: [],
        immediateDangerReported: false,
        referrals: [],
        chronology: [],
      };
      return {
        ...base,
        updatedAt: source.recordedAt,
        // The latest referral's description of the child is the current one; earlier ones stay in the referrals.
        child: d.child,
        flags: {
          lookedAfter: d.child.lookedAfter,
          careLeaver: d.child.careLeaver,
          migrantOrUnaccompanied: d.child.migrantOrUnaccompanied,
        },
        agencies: base.agencies.some((a) => a.id === d.referringAgency.id) ? base.agencies : [...base.agencies, d.referringAgency],
        vulnerabilities: mergeIndicators(base.vulnerabilities, d.vulnerabilities, VULNERABILITIES, d.referringAgency.id, source.recordedAt),
        signs: mergeIndicators(base.signs, d.signs, SIGNS, d.referringAgency.id, source.recordedAt),
        suspectedModels: base.suspectedModels.some((m) => m.code === d.suspectedModel)
          ? base.suspectedModels
          : [...base.suspectedModels, { code: d.suspectedModel, label: EXPLOITATION_MODELS[d.suspectedModel] ?? d.suspectedModel }],
        immediateDangerReported: base.immediateDangerReported || d.immediateDanger,
        referrals: [
          ...base.referrals,
          {
            referralId: d.referralId,
            referredAt: d.referredAt,
            receivedAt: source.recordedAt,
            agency: d.referringAgency,
            referrer: { name: d.referrer.name, role: d.referrer.role },
            narrative: d.narrative,
            immediateDanger: d.immediateDanger,
          },
        ],
        chronology: [
          ...base.chronology,
          {
            at: source.recordedAt,
            eventId: source.id,
            type: event.type,
            summary: `Referral from ${d.referringAgency.name}${d.immediateDanger ? ' (immediate danger reported)' : ''}`,
            by: source.metadata.actor,
          },
        ],
      };
    }
    default:
      return view;
  }
}

function mergeIndicators(
  current: IndicatorEntry[],
  codes: readonly string[],
  labels: Record<string, string>,
  agencyId: string,
  at: string,
): IndicatorEntry[] {
  const merged = current.map((entry) =>
    codes.includes(entry.code) && !entry.reportedBy.includes(agencyId) ? { ...entry, reportedBy: [...entry.reportedBy, agencyId] } : entry,
  );
  for (const code of codes) {
    if (!merged.some((entry) => entry.code === code)) {
      merged.push({ code, label: labels[code] ?? code, firstReportedAt: at, reportedBy: [agencyId] });
    }
  }
  return merged;
}
