import type { CaseView } from '../case-view/case-view';

/**
 * The case list's filter columns, worked out from a case view. Pure; views stored before a section
 * existed may lack it, hence the optional chaining.
 */

/**
 * The child's current risk band: the latest of the last assessment's band and the level SEMRAC
 * last agreed (a multi-agency decision that stands until the next assessment); null before either.
 */
export function currentRiskBand(view: CaseView): string | null {
  const assessed = view.risk ? { band: view.risk.band, at: view.risk.assessedAt } : undefined;
  const last = (view.semracDiscussions ?? []).at(-1);
  const agreed = last ? { band: last.agreedRiskLevel, at: last.discussedAt } : undefined;
  if (assessed && agreed) return agreed.at > assessed.at ? agreed.band : assessed.band;
  return (assessed ?? agreed)?.band ?? null;
}

/** Listed for SEMRAC now, or discussed at a meeting before: the conference's chairs and members have it. */
export function isAtSemrac(view: CaseView): boolean {
  return isListedForSemrac(view) || (view.semracDiscussions ?? []).length > 0;
}

/** Listed for SEMRAC and not discussed since. */
export function isListedForSemrac(view: CaseView): boolean {
  return view.semrac?.listed === true;
}

/**
 * Every agency involved: referrers, lead professionals, assessors, those named in the current plans,
 * and every agency that recorded something on the case (its chronology). Need-to-know access
 * (libs/access) reads a case's agencies from here.
 */
export function caseAgencyIds(view: CaseView): string[] {
  const ids = [
    ...view.agencies.map((a) => a.id),
    ...view.leadProfessionals.map((l) => l.agencyId),
    ...(view.risk?.history ?? []).map((h) => h.assessorAgencyId),
    ...((view.supportPlans ?? []).at(-1)?.interventions ?? []).map((i) => i.agencyId),
    ...(view.safetyPlans ?? []).flatMap((p) => p.contacts.map((c) => c.agencyId)),
    ...(view.chronology ?? []).map((entry) => entry.by.agencyId),
  ];
  return [...new Set(ids.filter(Boolean))].sort();
}

/** `,a,b,`: one value is found with a substring test for `,a,` on both SQLite and PostgreSQL. */
export function delimited(values: readonly string[]): string {
  return values.length === 0 ? '' : `,${values.join(',')},`;
}

export function undelimited(stored: string): string[] {
  return stored.split(',').filter(Boolean);
}
