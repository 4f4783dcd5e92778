/**
 * The strategy's action plan (seeds, Appendix 1) as data: the four themes, their actions with the
 * plan's numbers and short titles, and the profile's tables that evidence each action. The board's
 * biannual report (section 7: the sub group "will report to the LSCB biannually on the progress of
 * the Action Plan") is organised by it. Pure: no framework.
 */
export interface PlanAction {
  /** The plan's number, e.g. `2.1`. */
  number: string;
  title: string;
  /** The tables that evidence the action: exact names, or `prefix.*` for every table of a prefix. */
  measures: readonly string[];
  /** Tables a `prefix.*` would take that belong to another action. */
  except?: readonly string[];
}

export interface PlanTheme {
  number: string;
  title: string;
  actions: readonly PlanAction[];
}

export const ACTION_PLAN: readonly PlanTheme[] = [
  {
    number: '1',
    title: 'Prevention',
    actions: [
      { number: '1.1', title: 'Community awareness of how to report CSE', measures: [] },
      { number: '1.2', title: 'Resources and guidance for children, young people and carers', measures: [] },
      // "All staff and volunteers … have access to and undertake training".
      { number: '1.3', title: 'CSE training for all staff and volunteers', measures: ['training.coverage'] },
      // "Gathering and acting on intelligence in respect of suspected perpetrators": who they are and the children linked.
      { number: '1.4', title: 'Intelligence on suspected perpetrators and their potential victims', measures: ['poi.ageBand', 'poi.gender', 'poi.childLinks'] },
      { number: '1.5', title: 'Sharing knowledge of the dynamics of CSE', measures: [] },
    ],
  },
  {
    number: '2',
    title: 'Identification',
    actions: [
      // "Scope the nature and prevalence … with specific focus on vulnerable groups": every referral table,
      // areas and schools included where the board names them; the referring agencies are 2.3's, the signs 2.2's.
      { number: '2.1', title: 'Annual analysis of the nature and prevalence of CSE', measures: ['referrals.*'], except: ['referrals.agencyKind', 'referrals.sign'] },
      { number: '2.2', title: 'Materials to help staff recognise the signs of CSE', measures: ['referrals.sign'] },
      // "Share information at the earliest opportunity to identify young people … vulnerable": who refers, and children going missing.
      { number: '2.3', title: 'Sharing information at the earliest opportunity', measures: ['referrals.agencyKind', 'missing.reported', 'missing.repeatedly'] },
      { number: '2.4', title: 'SEMRAC, and links with neighbouring LSCBs and forums', measures: ['sharing.peer'] },
    ],
  },
  {
    number: '3',
    title: 'Protection and support',
    actions: [
      { number: '3.1', title: 'A lead professional in each agency', measures: [] },
      { number: '3.2', title: 'A risk assessment tool used by all agencies', measures: ['risk.*'] },
      { number: '3.3', title: 'Training programmes for practitioners', measures: ['training.coverage'] },
      { number: '3.4', title: 'SEMRAC leads information sharing and action planning', measures: ['semrac.*'] },
      // "Relevant cases referred … in a timely manner": how long children are missing, and return interviews within 72 hours.
      { number: '3.5', title: 'Procedures for referral to multi-agency forums', measures: ['missing.duration', 'missing.returnInterview'] },
      { number: '3.6', title: 'Supporting vulnerable groups to disclose and report', measures: ['referrals.vulnerableGroup'] },
    ],
  },
  {
    number: '4',
    title: 'Disruption and prosecution',
    actions: [
      { number: '4.1', title: 'CSE intelligence to Thames Valley Police', measures: ['intel.*'] },
      { number: '4.2', title: "Supporting the police's Statement of Intent", measures: [] },
      { number: '4.3', title: 'Interventions for potential perpetrators', measures: ['poi.intervention'] },
      { number: '4.4', title: 'Support and protection for child witnesses', measures: [] },
      { number: '4.5', title: 'Disrupting perpetrators with the probation service', measures: ['poi.disruption'] },
      { number: '4.6', title: 'Cross-border intelligence with neighbouring forces and boards', measures: ['sharing.*'] },
    ],
  },
];

/** Every action's number, in the plan's order: `1.1` … `4.6`. */
export const ACTION_NUMBERS: readonly string[] = ACTION_PLAN.flatMap((theme) => theme.actions.map((action) => action.number));

export function isActionNumber(value: unknown): value is string {
  return typeof value === 'string' && ACTION_NUMBERS.includes(value);
}

/** An action of the plan as a report holds it: its tables resolved against those published, and its narrative. */
export interface ReportAction {
  number: string;
  title: string;
  /** The names of the tables that evidence it, in the order the report shows them (none: narrative only). */
  tables: string[];
  /** What the board's officers wrote about it; null when nothing was. */
  narrative: string | null;
}

export interface ReportTheme {
  number: string;
  title: string;
  actions: ReportAction[];
}

/**
 * The tables of `available` that evidence an action, in the order its `measures` name them (a
 * `prefix.*` in the order of `available`), each once. A table the profile does not publish
 * (a board without areas) is simply not there.
 */
export function tablesFor(action: PlanAction, available: readonly string[]): string[] {
  const tables: string[] = [];
  for (const measure of action.measures) {
    const matching = measure.endsWith('.*') ? available.filter((name) => name.startsWith(measure.slice(0, -1))) : available.filter((name) => name === measure);
    for (const name of matching) if (!tables.includes(name) && !action.except?.includes(name)) tables.push(name);
  }
  return tables;
}

/** The plan with each action's tables among those published and its narrative: the structure of a report. */
export function reportPlan(available: readonly string[], narratives: Readonly<Record<string, string>>): ReportTheme[] {
  return ACTION_PLAN.map((theme) => ({
    number: theme.number,
    title: theme.title,
    actions: theme.actions.map((action) => ({
      number: action.number,
      title: action.title,
      tables: tablesFor(action, available),
      narrative: Object.prototype.hasOwnProperty.call(narratives, action.number) ? narratives[action.number] : null,
    })),
  }));
}
