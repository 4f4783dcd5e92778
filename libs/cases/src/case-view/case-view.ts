import type { EventSchemas } from '@app/common/domain';
import { EXPLOITATION_MODELS, ExploitationModelCode, SIGNS, VULNERABILITIES } from '../shared/indicators';
import { ChildDetails, ReferringAgency } from '../referral/referral.events';
import { CASE_FLAGS, CaseEvent, CaseFlag, LINK_KINDS, LinkKind, caseStreamId } from '../case/case.events';
import { caseEventSchemas } from '../case/case.schemas';
import type { SafetyPlanRecorded, SupportPlanRecorded } from '../case/case-plans.events';
import { AGREED_RISK_LEVELS, AgreedRiskLevel } from '../semrac-meeting/semrac-meeting.events';
import { RiskView, evolveRiskView, summariseRiskEvent } from '../risk/risk-view';
import type { MissingEpisodeEvent } from '../missing-episode/missing-episode.events';
import { missingEpisodeEventSchemas } from '../missing-episode/missing-episode.schemas';
import { MissingSummary, evolveMissingSummary, summariseMissingEpisodeEvent } from '../missing-episode/missing-episode-case-view';
import { SemracSection, emptySemracSection, evolveSemracSection, summariseListing } from '../semrac-listing/semrac-listing-case-view';

/** What a practitioner sees of a case: current state plus a chronology of everything on it. */
export interface CaseView {
  caseId: string;
  status: 'open' | 'closed';
  /** The case stream's revision: send it back as If-Match to change the case safely. */
  revision: number;
  openedAt: string;
  updatedAt: string;
  child: ChildDetails;
  flags: { code: CaseFlag; label: string; since: string; note?: string }[];
  agencies: ReferringAgency[];
  leadProfessionals: { agencyId: string; agencyName: string; name: string; role: string; contact?: string; namedAt: string }[];
  vulnerabilities: IndicatorEntry[];
  signs: IndicatorEntry[];
  suspectedModels: { code: string; label: string }[];
  /** Any referral said the child was in immediate danger. */
  immediateDangerReported: boolean;
  links: { caseId: string; kind: LinkKind; label: string; note?: string; linkedAt: string }[];
  referrals: {
    referralId: string;
    referredAt: string;
    receivedAt: string;
    agency: ReferringAgency;
    referrer: { name: string; role: string };
    narrative: string;
    immediateDanger: boolean;
  }[];
  closures: { closedAt: string; reason: string; reopenedAt?: string; reopenReason?: string }[];
  /** Every revision of the multi-agency support plan, oldest first: the last is the current plan. */
  supportPlans: (Omit<SupportPlanRecorded['data'], 'caseId'> & { recordedAt: string })[];
  /** Safety plans for the child during investigations (action 1.4), oldest first. */
  safetyPlans: (Omit<SafetyPlanRecorded['data'], 'caseId'> & { recordedAt: string })[];
  /** Each SEMRAC meeting that discussed the child, oldest first. */
  semracDiscussions: { meetingId: string; agreedRiskLevel: AgreedRiskLevel; decisions: string[]; actionIds: string[]; discussedAt: string }[];
  /** The latest risk assessment and every earlier one; absent until the first (action 3.2). */
  risk?: RiskView;
  /** The child's missing episodes in brief; absent until the first (details: GET /cases/{caseId}/missing-episodes). */
  missing?: MissingSummary;
  /** Listings for SEMRAC: which rule, what met it, when; `listed` until a meeting discusses the child. */
  semrac: SemracSection;
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
  reason?: string;
}

/** The stored event fields the view needs; RecordedEvent satisfies it. */
export interface CaseViewSource {
  id: string;
  streamId: string;
  revision: number;
  recordedAt: string;
  metadata: { actor: { userId: string; agencyId: string }; reason?: unknown };
}

/** Everything the case view reads: the case stream, and the streams of the child's missing episodes (by `data.caseId`). */
export type CaseViewEvent = CaseEvent | MissingEpisodeEvent;

/** The schemas of the events the case view reads: `eventOf` types a stored event by them. */
export const caseViewEventSchemas: EventSchemas<CaseViewEvent> = { ...caseEventSchemas, ...missingEpisodeEventSchemas };

/**
 * Which case views an event changes. A link shows on both children's cases; the mirror carries
 * the other case's id.
 */
export function caseViewTargets(event: CaseViewEvent): { caseId: string; event: CaseViewEvent }[] {
  if (event.type === 'CasesLinked') {
    const { caseId, linkedCaseId } = event.data;
    return [
      { caseId, event },
      { caseId: linkedCaseId, event: { ...event, data: { ...event.data, caseId: linkedCaseId, linkedCaseId: caseId } } },
    ];
  }
  return [{ caseId: event.data.caseId, event }];
}

/** Pure: the view after one more event, the view given left as it was. Never throws (history is a fact). */
export function evolveCaseView(view: CaseView | undefined, event: CaseViewEvent, source: CaseViewSource): CaseView | undefined {
  return evolveCaseViewInPlace(view && structuredClone(view), event, source);
}

/**
 * The same for a fold that owns its views (a projection's batch, a replay, a share being
 * assembled): the view changes in place, its lists growing instead of being copied at every
 * event, so a case of n events folds in O(n), not O(n²), and a rebuild makes a fraction of the
 * garbage. The view passed in, and every part of it, must not be used again by anyone else.
 * Parts of the event (the child's details, an agency) are placed in the view as they are, and
 * never changed there: the same event may be folded by other projections too.
 */
export function evolveCaseViewInPlace(view: CaseView | undefined, event: CaseViewEvent, source: CaseViewSource): CaseView | undefined {
  if (!view && event.type !== 'ReferralReceived') return view;
  const own = source.streamId === caseStreamId(event.data.caseId);
  const base = view ?? emptyView(event.data.caseId, source.recordedAt, (event.data as { child: ChildDetails }).child);
  base.chronology.push({
    at: source.recordedAt,
    eventId: source.id,
    type: event.type,
    summary: summarise(event),
    by: source.metadata.actor,
    ...(typeof source.metadata.reason === 'string' ? { reason: source.metadata.reason } : {}),
  });
  if (own) base.revision = source.revision;
  base.updatedAt = source.recordedAt;
  applyEvent(base, event, source.recordedAt);
  return base;
}

/** Changes the view (the fold's own) by one event. */
function applyEvent(view: CaseView, event: CaseViewEvent, at: string): void {
  switch (event.type) {
    case 'ReferralReceived': {
      const d = event.data;
      // The latest referral's description of the child is the current one; earlier ones stay in the referrals.
      view.child = d.child;
      if (d.child.lookedAfter) setFlag(view.flags, 'looked-after', at);
      if (d.child.careLeaver) setFlag(view.flags, 'care-leaver', at);
      if (d.child.migrantOrUnaccompanied) setFlag(view.flags, 'migrant-uasc', at);
      if (!view.agencies.some((a) => a.id === d.referringAgency.id)) view.agencies.push(d.referringAgency);
      mergeIndicators(view.vulnerabilities, d.vulnerabilities, VULNERABILITIES, d.referringAgency.id, at);
      mergeIndicators(view.signs, d.signs, SIGNS, d.referringAgency.id, at);
      if (!view.suspectedModels.some((m) => m.code === d.suspectedModel)) {
        view.suspectedModels.push({ code: d.suspectedModel, label: EXPLOITATION_MODELS[d.suspectedModel as ExploitationModelCode] ?? d.suspectedModel });
      }
      view.immediateDangerReported ||= d.immediateDanger;
      view.referrals.push({
        referralId: d.referralId,
        referredAt: d.referredAt,
        receivedAt: at,
        agency: d.referringAgency,
        referrer: { name: d.referrer.name, role: d.referrer.role },
        narrative: d.narrative,
        immediateDanger: d.immediateDanger,
      });
      return;
    }
    case 'CaseFlagSet':
      setFlag(view.flags, event.data.flag, at, event.data.note);
      return;
    case 'CaseFlagCleared':
      view.flags = view.flags.filter((f) => f.code !== event.data.flag);
      return;
    case 'CasesLinked':
      view.links.push({ caseId: event.data.linkedCaseId, kind: event.data.kind, label: LINK_KINDS[event.data.kind], note: event.data.note, linkedAt: at });
      return;
    case 'LeadProfessionalNamed': {
      const { caseId: _case, ...lead } = event.data;
      view.leadProfessionals = view.leadProfessionals.filter((l) => l.agencyId !== lead.agencyId);
      view.leadProfessionals.push({ ...lead, namedAt: at });
      return;
    }
    case 'CaseClosed':
      view.status = 'closed';
      view.closures.push({ closedAt: event.data.closedAt, reason: event.data.reason });
      return;
    case 'CaseReopened': {
      view.status = 'open';
      const last = view.closures[view.closures.length - 1];
      if (last) Object.assign(last, { reopenedAt: event.data.reopenedAt, reopenReason: event.data.reason });
      return;
    }
    case 'DiscussedAtSemrac': {
      const { caseId: _case, ...discussion } = event.data;
      view.semracDiscussions.push(discussion);
      view.semrac = evolveSemracSection(view.semrac, event);
      return;
    }
    case 'SupportPlanRecorded': {
      const { caseId: _case, ...plan } = event.data;
      view.supportPlans.push({ ...plan, recordedAt: at });
      return;
    }
    case 'SafetyPlanRecorded': {
      const { caseId: _case, ...plan } = event.data;
      view.safetyPlans.push({ ...plan, recordedAt: at });
      return;
    }
    case 'RiskAssessed':
    case 'DisclosureRecorded': {
      const risk = evolveRiskView(view.risk, event);
      if (risk) view.risk = risk;
      return;
    }
    case 'ListedForSemrac':
      view.semrac = evolveSemracSection(view.semrac, event);
      return;
    case 'MissingEpisodeReported':
    case 'MissingEpisodeUpdated':
    case 'ChildReturned':
    case 'ReturnInterviewHeld':
    case 'ReturnInterviewNotHeld':
      view.missing = evolveMissingSummary(view.missing, event);
      return;
  }
}

function summarise(event: CaseViewEvent): string {
  switch (event.type) {
    case 'ReferralReceived':
      return `Referral from ${event.data.referringAgency.name}${event.data.immediateDanger ? ' (immediate danger reported)' : ''}`;
    case 'CaseFlagSet':
      return `Flagged: ${CASE_FLAGS[event.data.flag]}`;
    case 'CaseFlagCleared':
      return `Flag removed: ${CASE_FLAGS[event.data.flag]}`;
    case 'CasesLinked':
      return `Linked to case ${event.data.linkedCaseId} (${LINK_KINDS[event.data.kind]})`;
    case 'LeadProfessionalNamed':
      return `Lead professional for ${event.data.agencyName}: ${event.data.name}`;
    case 'CaseClosed':
      return 'Case closed';
    case 'CaseReopened':
      return 'Case reopened';
    case 'DiscussedAtSemrac':
      return `Discussed at SEMRAC: risk agreed ${AGREED_RISK_LEVELS[event.data.agreedRiskLevel] ?? event.data.agreedRiskLevel}; ${event.data.actionIds.length} action(s)`;
    case 'SupportPlanRecorded':
      return `${event.data.planRevision === 1 ? 'Multi-agency support plan created' : `Support plan revised (revision ${event.data.planRevision})`}; review by ${event.data.reviewDate}`;
    case 'SafetyPlanRecorded':
      return `Safety plan for investigation ${event.data.investigationRef}; review by ${event.data.reviewDate}`;
    case 'RiskAssessed':
    case 'DisclosureRecorded':
      return summariseRiskEvent(event);
    case 'ListedForSemrac':
      return summariseListing(event);
    case 'MissingEpisodeReported':
    case 'MissingEpisodeUpdated':
    case 'ChildReturned':
    case 'ReturnInterviewHeld':
    case 'ReturnInterviewNotHeld':
      return summariseMissingEpisodeEvent(event);
  }
}

function emptyView(caseId: string, at: string, child: ChildDetails): CaseView {
  return {
    caseId,
    status: 'open',
    revision: -1,
    openedAt: at,
    updatedAt: at,
    child,
    flags: [],
    agencies: [],
    leadProfessionals: [],
    vulnerabilities: [],
    signs: [],
    suspectedModels: [],
    immediateDangerReported: false,
    links: [],
    referrals: [],
    closures: [],
    supportPlans: [],
    safetyPlans: [],
    semracDiscussions: [],
    semrac: emptySemracSection(),
    chronology: [],
  };
}

/** Sets a flag on the view's list, or its note when it is set already. */
function setFlag(flags: CaseView['flags'], code: CaseFlag, at: string, note?: string): void {
  const set = flags.find((f) => f.code === code);
  if (!set) flags.push({ code, label: CASE_FLAGS[code], since: at, ...(note ? { note } : {}) });
  else if (note) set.note = note;
}

/** Adds what a referral reports to the view's list: new indicators, and the agency to those known already. */
function mergeIndicators(entries: IndicatorEntry[], codes: readonly string[], labels: Record<string, string>, agencyId: string, at: string): void {
  for (const code of codes) {
    const entry = entries.find((e) => e.code === code);
    if (!entry) entries.push({ code, label: labels[code] ?? code, firstReportedAt: at, reportedBy: [agencyId] });
    else if (!entry.reportedBy.includes(agencyId)) entry.reportedBy.push(agencyId);
  }
}
