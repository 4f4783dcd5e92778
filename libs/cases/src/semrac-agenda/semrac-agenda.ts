import type { SemracActionStatus } from '../semrac-meeting/semrac-meeting.events';

/**
 * The agenda of a SEMRAC meeting (DOMAIN.md, SEMRAC: "new listings, ongoing cases due for review,
 * overdue actions and assessments, themes and patterns"). Pure: computed when asked, from the
 * read models' rows, against the meeting's date, because time passes without events.
 */

/** What the agenda reads of a case: the case view's fields, the later ones optional. */
export interface AgendaCaseSource {
  caseId: string;
  status: 'open' | 'closed';
  child: { school?: string; area?: string };
  links: { caseId: string; kind: string }[];
  semracDiscussions?: { meetingId: string; discussedAt: string }[];
  supportPlans?: { planRevision: number; reviewDate: string }[];
  safetyPlans?: { investigationRef: string; reviewDate: string }[];
  risk?: { band?: string; nextReviewDue?: string };
  semrac?: { listed?: boolean; listings?: { rule: string; detail?: { summary?: string }; listedAt: string }[] };
  missing?: { interviewsDue?: { episodeId: string; dueAt: string }[] };
}

export interface AgendaAction {
  actionId: string;
  meetingId: string;
  caseId: string;
  description: string;
  ownerAgencyId: string;
  ownerAgencyName: string;
  ownerPerson: string;
  /** YYYY-MM-DD. */
  dueDate: string;
  status: SemracActionStatus;
}

export interface AgendaInputs {
  meeting: { meetingId: string; scheduledFor: string };
  cases: readonly AgendaCaseSource[];
  actions: readonly AgendaAction[];
}

export type ThemeKind = 'school' | 'area' | 'person-of-interest' | 'location';

export interface SemracAgenda {
  meetingId: string;
  scheduledFor: string;
  /** Children listed for SEMRAC and not discussed since, with the rules that listed them. */
  newListings: { caseId: string; listings: { rule: string; summary?: string; listedAt: string }[] }[];
  /** Children discussed at an earlier meeting with an action still open or a plan review due by this meeting. */
  dueForReview: {
    caseId: string;
    lastDiscussedAt: string;
    lastMeetingId: string;
    reasons: ('open-actions' | 'support-plan-review' | 'safety-plan-review')[];
    openActionIds: string[];
    /** The earliest plan review date due by the meeting, YYYY-MM-DD. */
    reviewDue?: string;
  }[];
  /** Actions from earlier meetings, neither done nor cancelled, due before the meeting's day. */
  overdueActions: (AgendaAction & { daysOverdue: number })[];
  /** Open cases whose risk reassessment was due before the meeting's day. */
  overdueAssessments: { caseId: string; nextReviewDue: string; band?: string }[];
  /** Return home interviews due before the meeting and not yet recorded. */
  overdueInterviews: { caseId: string; episodeId: string; dueAt: string }[];
  /** Two or more open cases sharing a school, an area, or linked by the same person of interest or location. */
  themes: { kind: ThemeKind; label: string; caseIds: string[] }[];
}

const OPEN: readonly SemracActionStatus[] = ['open', 'in-progress'];
const DAY_MS = 24 * 60 * 60 * 1000;

export function buildSemracAgenda({ meeting, cases, actions }: AgendaInputs): SemracAgenda {
  const { meetingId, scheduledFor } = meeting;
  const meetingDay = scheduledFor.slice(0, 10);
  const open = cases.filter((c) => c.status === 'open');
  // What happened at this meeting or after it is not on its agenda.
  const earlierDiscussions = (c: AgendaCaseSource) =>
    (c.semracDiscussions ?? []).filter((d) => d.meetingId !== meetingId && d.discussedAt < scheduledFor).sort(byKey((d) => d.discussedAt));
  const pendingActions = actions.filter((a) => a.meetingId !== meetingId && OPEN.includes(a.status));

  const newListings = open
    .filter((c) => c.semrac?.listed)
    .map((c) => {
      const last = earlierDiscussions(c).at(-1)?.discussedAt ?? '';
      const listings = (c.semrac?.listings ?? [])
        .filter((l) => l.listedAt > last && l.listedAt <= scheduledFor)
        .sort(byKey((l) => l.listedAt))
        .map((l) => ({ rule: l.rule, ...(l.detail?.summary ? { summary: l.detail.summary } : {}), listedAt: l.listedAt }));
      return { caseId: c.caseId, listings };
    })
    .filter((c) => c.listings.length > 0)
    .sort(byKey((c) => c.listings[0].listedAt + c.caseId));
  const newlyListed = new Set(newListings.map((c) => c.caseId));

  const dueForReview: SemracAgenda['dueForReview'] = [];
  for (const c of open) {
    const discussions = earlierDiscussions(c);
    // A newly listed child is discussed under new listings: list each child once.
    if (discussions.length === 0 || newlyListed.has(c.caseId)) continue;
    const last = discussions[discussions.length - 1];
    const openActionIds = pendingActions.filter((a) => a.caseId === c.caseId).map((a) => a.actionId).sort();
    const reasons: SemracAgenda['dueForReview'][number]['reasons'] = [];
    const reviewDates: string[] = [];
    if (openActionIds.length > 0) reasons.push('open-actions');
    const plan = [...(c.supportPlans ?? [])].sort(byKey((p) => String(p.planRevision).padStart(6, '0'))).at(-1);
    // A review falling on the meeting's day is due at that meeting.
    if (plan && plan.reviewDate <= meetingDay) (reasons.push('support-plan-review'), reviewDates.push(plan.reviewDate));
    const safety = latestPer(c.safetyPlans ?? [], (p) => p.investigationRef).filter((p) => p.reviewDate <= meetingDay);
    if (safety.length > 0) (reasons.push('safety-plan-review'), reviewDates.push(...safety.map((p) => p.reviewDate)));
    if (reasons.length === 0) continue;
    dueForReview.push({
      caseId: c.caseId,
      lastDiscussedAt: last.discussedAt,
      lastMeetingId: last.meetingId,
      reasons,
      openActionIds,
      ...(reviewDates.length > 0 ? { reviewDue: reviewDates.sort()[0] } : {}),
    });
  }
  dueForReview.sort(byKey((c) => c.lastDiscussedAt + c.caseId));

  const overdueActions = pendingActions
    .filter((a) => a.dueDate < meetingDay)
    .map((a) => ({ ...a, daysOverdue: Math.round((Date.parse(meetingDay) - Date.parse(a.dueDate)) / DAY_MS) }))
    .sort(byKey((a) => a.dueDate + a.ownerAgencyId + a.actionId));

  const overdueAssessments = open
    .filter((c) => c.risk?.nextReviewDue && c.risk.nextReviewDue < meetingDay)
    .map((c) => ({ caseId: c.caseId, nextReviewDue: c.risk!.nextReviewDue!, ...(c.risk?.band ? { band: c.risk.band } : {}) }))
    .sort(byKey((c) => c.nextReviewDue + c.caseId));

  const overdueInterviews = open
    .flatMap((c) => (c.missing?.interviewsDue ?? []).filter((i) => i.dueAt < scheduledFor).map((i) => ({ caseId: c.caseId, episodeId: i.episodeId, dueAt: i.dueAt })))
    .sort(byKey((i) => i.dueAt + i.episodeId));

  return { meetingId, scheduledFor, newListings, dueForReview, overdueActions, overdueAssessments, overdueInterviews, themes: themes(open) };
}

function themes(open: readonly AgendaCaseSource[]): SemracAgenda['themes'] {
  const found: SemracAgenda['themes'] = [];
  for (const [kind, value] of [['school', (c: AgendaCaseSource) => c.child.school], ['area', (c: AgendaCaseSource) => c.child.area]] as const) {
    const groups = new Map<string, { spellings: string[]; caseIds: string[] }>();
    for (const c of open) {
      const spelling = value(c)?.trim().replace(/\s+/g, ' ');
      if (!spelling) continue;
      const key = spelling.toLowerCase();
      const group = groups.get(key) ?? { spellings: [], caseIds: [] };
      group.spellings.push(spelling);
      group.caseIds.push(c.caseId);
      groups.set(key, group);
    }
    for (const group of groups.values()) if (group.caseIds.length > 1) found.push({ kind, label: commonest(group.spellings), caseIds: group.caseIds.sort() });
  }
  const linkThemes = [
    ['person-of-interest', 'same-person-of-interest', 'Linked by the same person of interest'],
    ['location', 'same-location', 'Linked by the same location'],
  ] as const;
  const openIds = new Set(open.map((c) => c.caseId));
  for (const [kind, linkKind, label] of linkThemes) {
    // Children linked directly or through one another form one group.
    const parent = new Map<string, string>();
    const root = (id: string): string => {
      while (parent.get(id) !== id) id = parent.get(id)!;
      return id;
    };
    for (const c of open) {
      for (const link of c.links) {
        if (link.kind !== linkKind || !openIds.has(link.caseId)) continue;
        for (const id of [c.caseId, link.caseId]) if (!parent.has(id)) parent.set(id, id);
        const [a, b] = [root(c.caseId), root(link.caseId)].sort();
        parent.set(b, a);
      }
    }
    const groups = new Map<string, string[]>();
    for (const id of parent.keys()) groups.set(root(id), [...(groups.get(root(id)) ?? []), id]);
    for (const caseIds of groups.values()) if (caseIds.length > 1) found.push({ kind, label, caseIds: caseIds.sort() });
  }
  const order: ThemeKind[] = ['person-of-interest', 'location', 'school', 'area'];
  return found.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || compare(a.label, b.label) || compare(a.caseIds[0], b.caseIds[0]));
}

/** The spelling most children's records use; among equals the first in code-point order, whatever the input order. */
function commonest(spellings: string[]): string {
  const counts = new Map<string, number>();
  for (const s of spellings) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts.entries()].sort(([a, m], [b, n]) => n - m || compare(a, b))[0][0];
}

function latestPer<T extends { reviewDate: string }>(items: readonly T[], key: (item: T) => string): T[] {
  const latest = new Map<string, T>();
  for (const item of items) latest.set(key(item), item);
  return [...latest.values()];
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byKey =
  <T>(key: (item: T) => string) =>
  (a: T, b: T) =>
    compare(key(a), key(b));
