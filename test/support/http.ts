/** What end-to-end tests share: waiting for an eventually consistent answer, and request bodies. */

/** Asks `check` until it answers something truthy (then returns it), or fails saying what never happened. */
export async function eventually<T>(check: () => Promise<T | false | undefined | null> | T | false | undefined | null, what: string, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const AGENCIES = {
  'bf-school': { id: 'bf-school', kind: 'education', name: 'Example Secondary School' },
  'bf-csc': { id: 'bf-csc', kind: 'children-social-care', name: "Children's Social Care" },
} as const;

/** A referral of a fictional 14-year-old from the school or children's social care; override any field. */
export function referralBody(agency: keyof typeof AGENCIES = 'bf-school', overrides: { child?: Record<string, unknown> } & Record<string, unknown> = {}) {
  const { child, ...rest } = overrides;
  return {
    referringAgency: AGENCIES[agency],
    referrer: agency === 'bf-school' ? { name: 'Dee Lead', role: 'Designated safeguarding lead' } : { name: 'Sam Worker', role: 'Social worker' },
    child: { firstName: 'Testa', lastName: 'Fictional', approximateAge: 14, gender: 'female', lookedAfter: false, careLeaver: false, migrantOrUnaccompanied: false, ...child },
    vulnerabilities: ['V-LOW-SELF-ESTEEM'],
    signs: ['S-MISSING'],
    suspectedModel: 'M-INAPPROPRIATE-RELATIONSHIP',
    narrative: 'Collected from school by an older male in a car.',
    immediateDanger: false,
    referredAt: '2026-11-20T09:30:00.000Z',
    ...rest,
  };
}

/** A risk assessment by children's social care that records a disclosure. */
export function disclosureAssessmentBody() {
  return {
    assessedAt: new Date(Date.now() - 60_000).toISOString(),
    assessor: { name: 'Alex Assessor', role: 'Social worker', agencyId: 'bf-csc', agencyName: "Children's Social Care" },
    vulnerabilities: [],
    signs: [],
    disclosure: true,
    disclosureDetails: 'Told her social worker an older man gives her alcohol and takes her to parties.',
    summary: 'Disclosure during a visit.',
  };
}
