import type { Role } from '@app/common/domain';

/**
 * Need-to-know access (issue 6, DOMAIN.md "People and organisations", "Access and audit"): the one
 * place that decides whether a user may read, see in a list, or change a record. Pure: the
 * answer depends only on who acts (user, agency, roles), what they do, the record's facts and
 * the board's configuration, so the matrix test can walk every role against every record.
 *
 * Roles add up: a user is allowed when any of their roles (or their agency's involvement)
 * grounds it. Break-glass: a read outside the user's scope that the law lets them justify is
 * answered `break-glass`: allowed only with a stated reason, and flagged to auditors.
 */

/** Who acts. The same shape as `Actor` in @app/common (kept structural: this file stays pure). */
export interface AccessActor {
  userId: string;
  agencyId: string;
  roles?: readonly Role[];
}

/** `read`: open the record; `list`: see its summary row in a list; `write`: change it. */
export type AccessAction = 'read' | 'list' | 'write';

/** What the policy knows of a case: who is involved, and whether SEMRAC has it. */
export interface CaseAccessRecord {
  kind: 'case';
  id: string;
  /** Every agency involved: referrers, lead professionals, assessors, plan contacts, and every agency that recorded something on the case. */
  agencyIds: readonly string[];
  /** Listed for SEMRAC now, or discussed at a SEMRAC meeting before. */
  atSemrac: boolean;
}

/** A SEMRAC meeting, its agenda, and the action tracker: the conference's own records. */
export interface SemracAccessRecord {
  kind: 'semrac';
  id: string;
  /** For a change of an action's status: the agency that owns the action. */
  actionOwnerAgencyId?: string;
}

/** An intelligence item as the register shows it (sanitised: never the source or the original). */
export interface IntelligenceItemAccessRecord {
  kind: 'intelligence-item';
  id: string;
  /** The agency that submitted the information; unknown reads as someone else's. */
  submitterAgencyId?: string;
  /** Unset until graded. */
  handling?: 'P' | 'C';
}

/** The sealed original of an item: the text as submitted and the source's details. */
export interface IntelligenceOriginalAccessRecord {
  kind: 'intelligence-original';
  id: string;
}

/** A person of interest: profile and network. */
export interface PoiAccessRecord {
  kind: 'poi';
  id: string;
  /** The agency that recorded the POI. */
  recordedByAgencyId?: string;
}

/** The police intelligence feed (every disseminated item and disclosure notice). */
export interface PoliceFeedAccessRecord {
  kind: 'police-feed';
  id: string;
}

/** An outbound cross-border share (or a decision not to share). */
export interface ShareAccessRecord {
  kind: 'share';
  id: string;
  /** The agency of the user who asked to share. */
  requesterAgencyId?: string;
}

/** A share received from a peer board or force: who reads it follows its TLP label. */
export interface InboundShareAccessRecord {
  kind: 'inbound-share';
  id: string;
  label: string;
}

export type AccessRecord =
  | CaseAccessRecord
  | SemracAccessRecord
  | IntelligenceItemAccessRecord
  | IntelligenceOriginalAccessRecord
  | PoiAccessRecord
  | PoliceFeedAccessRecord
  | ShareAccessRecord
  | InboundShareAccessRecord;

export type AccessRecordKind = AccessRecord['kind'];
export const ACCESS_RECORD_KINDS: readonly AccessRecordKind[] = [
  'case',
  'semrac',
  'intelligence-item',
  'intelligence-original',
  'poi',
  'police-feed',
  'share',
  'inbound-share',
];

/** Whether roles may read content under a TLP label: the sharing context plugs in its table (`LABEL_READERS`). */
export type ShareLabelRule = (label: string, roles: readonly Role[]) => boolean;

/** The board's configuration the policy needs. */
export interface AccessContext {
  /** Agency ids that are police forces (POLICE_AGENCY_IDS). */
  policeAgencyIds: readonly string[];
  /** Who may read an inbound share by label; without one, only sharing officers read inbound shares. */
  shareLabelRule?: ShareLabelRule;
}

export type AccessDecision =
  /** `ground` says why, for the access record (e.g. "agency on the case"). */
  | { outcome: 'allow'; ground: string }
  /** Outside the user's scope, but they may open it by giving a reason (flagged to auditors). */
  | { outcome: 'break-glass'; reason: string }
  | { outcome: 'deny'; reason: string };

/** Roles that do casework with children's records: their agency's involvement gives them need to know. */
export const CASEWORK_ROLES: readonly Role[] = ['referrer', 'practitioner', 'semrac-chair', 'semrac-member', 'intelligence-officer', 'sharing-officer'];
const SEMRAC_ROLES: readonly Role[] = ['semrac-chair', 'semrac-member'];
/** Roles that read the problem profile's aggregates only (issue 14): never a child's or a person of interest's record. */
export const AGGREGATE_ONLY_ROLES: readonly Role[] = ['board', 'board-officer', 'analyst'];

const allow = (ground: string): AccessDecision => ({ outcome: 'allow', ground });
const deny = (reason: string): AccessDecision => ({ outcome: 'deny', reason });
const breakGlass = (reason: string): AccessDecision => ({ outcome: 'break-glass', reason });

const has = (actor: AccessActor, role: Role): boolean => actor.roles?.includes(role) === true;
const hasAny = (actor: AccessActor, roles: readonly Role[]): boolean => roles.some((r) => has(actor, r));

/** Whether the actor's agency is a police force (configuration, not a role). */
export function isPoliceAgency(actor: AccessActor, context: AccessContext): boolean {
  return context.policeAgencyIds.includes(actor.agencyId);
}

/**
 * The decision for one actor, action and record. Never throws.
 *
 * Everywhere: auditors read and list everything and change nothing; admins administer the
 * platform and read no child's or POI's record; the board and analysts read aggregates and no
 * record at all;
 * a user without roles has no access.
 */
export function decideAccess(actor: AccessActor, action: AccessAction, record: AccessRecord, context: AccessContext): AccessDecision {
  if (actor.roles?.length && actor.roles.every((role) => AGGREGATE_ONLY_ROLES.includes(role))) {
    return deny('Board members and analysts read the profile’s aggregates only, never a record');
  }
  if (has(actor, 'auditor') && action !== 'write' && record.kind !== 'intelligence-original' && record.kind !== 'inbound-share') {
    return allow('auditor (read-only)');
  }
  switch (record.kind) {
    case 'case':
      return decideCase(actor, action, record);
    case 'semrac':
      return decideSemrac(actor, action, record);
    case 'intelligence-item':
      return decideIntelligenceItem(actor, action, record, context);
    case 'intelligence-original':
      return has(actor, 'intelligence-officer')
        ? allow('intelligence officer')
        : deny('Only a user with the role intelligence-officer may read the sealed original and the source details');
    case 'poi':
      return decidePoi(actor, action, record);
    case 'police-feed':
      return has(actor, 'intelligence-officer') ? allow('intelligence officer') : deny('Only a user with the role intelligence-officer may read the police feed');
    case 'share':
      return decideShare(actor, action, record);
    case 'inbound-share':
      return decideInboundShare(actor, action, record, context);
  }
}

function decideCase(actor: AccessActor, action: AccessAction, record: CaseAccessRecord): AccessDecision {
  if (has(actor, 'auditor') && action === 'write') return deny('Auditors read; they change nothing');
  const onCase = record.agencyIds.includes(actor.agencyId);
  if (hasAny(actor, CASEWORK_ROLES) && onCase) return allow('agency on the case');
  if (hasAny(actor, SEMRAC_ROLES) && record.atSemrac) return allow('case at SEMRAC');
  if (hasAny(actor, CASEWORK_ROLES)) {
    if (action === 'list') return deny('The case list shows only cases your agency is on');
    // Any agency may add a referral to a child's case (referrals are open to all); other changes
    // outside the agency's cases are refused rather than break-glassed: break-glass is for reading.
    if (action === 'write') return deny(`Your agency is not on case ${record.id}`);
    return breakGlass(`Your agency is not on case ${record.id}`);
  }
  return deny('Your roles give no access to children’s cases');
}

function decideSemrac(actor: AccessActor, action: AccessAction, record: SemracAccessRecord): AccessDecision {
  if (has(actor, 'semrac-chair')) return allow('SEMRAC chair');
  // Actions are followed up after the meeting: by its members, and by the agency that owns each one.
  if (action === 'write' && record.actionOwnerAgencyId) {
    if (has(actor, 'semrac-member')) return allow('SEMRAC member following up an action');
    if (hasAny(actor, CASEWORK_ROLES) && actor.agencyId === record.actionOwnerAgencyId) return allow("the action's owner agency");
  }
  if (has(actor, 'semrac-member')) return action === 'write' ? deny('Only a SEMRAC chair runs the meeting') : allow('SEMRAC member');
  if (action === 'read' && hasAny(actor, CASEWORK_ROLES)) return breakGlass('SEMRAC records are for its chairs and members');
  return deny('SEMRAC records are for its chairs and members');
}

function decideIntelligenceItem(actor: AccessActor, action: AccessAction, record: IntelligenceItemAccessRecord, context: AccessContext): AccessDecision {
  if (has(actor, 'intelligence-officer')) return allow('intelligence officer');
  if (action === 'write') return deny('Only a user with the role intelligence-officer may change intelligence');
  if (!hasAny(actor, CASEWORK_ROLES)) return deny('Your roles give no access to intelligence');
  if (record.submitterAgencyId !== undefined && record.submitterAgencyId === actor.agencyId) return allow('submitted by your agency');
  if (record.handling === 'P') return allow('handling P: lawful sharing permitted');
  if (record.handling === 'C' && isPoliceAgency(actor, context)) return allow('handling C: police');
  const why =
    record.handling === 'C'
      ? `Intelligence ${record.id} is shared only under written conditions (handling C)`
      : `Intelligence ${record.id} is not graded yet: the submitting agency and intelligence officers read it`;
  // Conditions are free text that only a person can weigh against their need: a reason, checked by auditors.
  return action === 'read' ? breakGlass(why) : deny(why);
}

function decidePoi(actor: AccessActor, action: AccessAction, record: PoiAccessRecord): AccessDecision {
  if (has(actor, 'auditor') && action === 'write') return deny('Auditors read; they change nothing');
  if (has(actor, 'intelligence-officer')) return allow('intelligence officer');
  if (hasAny(actor, SEMRAC_ROLES)) return allow('SEMRAC: disruption and themes');
  if (!hasAny(actor, CASEWORK_ROLES)) return deny('Your roles give no access to persons of interest');
  if (record.recordedByAgencyId !== undefined && record.recordedByAgencyId === actor.agencyId) return allow('recorded by your agency');
  if (action === 'write') return allow('partners add what they know of a POI');
  return action === 'read' ? breakGlass(`Person of interest ${record.id} was recorded by another agency`) : deny('The list shows only persons of interest your agency recorded');
}

function decideShare(actor: AccessActor, action: AccessAction, record: ShareAccessRecord): AccessDecision {
  if (has(actor, 'sharing-officer')) return allow('sharing officer');
  if (has(actor, 'auditor')) return deny('Auditors read; they change nothing');
  if (hasAny(actor, CASEWORK_ROLES) && record.requesterAgencyId !== undefined && record.requesterAgencyId === actor.agencyId) return allow('requested by your agency');
  return deny('Shares are for sharing officers and the requesting agency');
}

function decideInboundShare(actor: AccessActor, action: AccessAction, record: InboundShareAccessRecord, context: AccessContext): AccessDecision {
  if (action === 'write') return has(actor, 'sharing-officer') || has(actor, 'intelligence-officer') || has(actor, 'practitioner') ? allow('links received content to local records') : deny('Your roles may not change received shares');
  const roles = actor.roles ?? [];
  const mayRead = context.shareLabelRule ? context.shareLabelRule(record.label, roles) : roles.includes('sharing-officer');
  // A label is the sender's condition of sharing: no break-glass past it.
  return mayRead ? allow(`label ${record.label}`) : deny(`Content labelled ${record.label} is not for your roles`);
}

/**
 * Which cases a list may show the actor, as a filter the read model can apply before paging (a
 * page filtered after the query would come back short). It says the same as `decideAccess`
 * with `list`, row by row: the matrix test checks that they agree.
 */
export type CaseListScope = { all: true } | { all: false; agencyId?: string; atSemrac: boolean };

export function caseListScope(actor: AccessActor): CaseListScope {
  if (has(actor, 'auditor')) return { all: true };
  const semrac = hasAny(actor, SEMRAC_ROLES);
  if (hasAny(actor, CASEWORK_ROLES)) return { all: false, agencyId: actor.agencyId, atSemrac: semrac };
  return { all: false, atSemrac: false };
}

/** Which intelligence items a list may show: all, or the agency's own plus those whose handling allows it. */
export type IntelligenceListScope = { all: true } | { all: false; submitterAgencyId?: string; handling: ('P' | 'C')[] };

export function intelligenceListScope(actor: AccessActor, context: AccessContext): IntelligenceListScope {
  if (has(actor, 'auditor') || has(actor, 'intelligence-officer')) return { all: true };
  if (!hasAny(actor, CASEWORK_ROLES)) return { all: false, handling: [] };
  return { all: false, submitterAgencyId: actor.agencyId, handling: isPoliceAgency(actor, context) ? ['P', 'C'] : ['P'] };
}

/** Whether a case row is inside a list scope (the SQL filter's meaning, for tests and for checking rows). */
export function inCaseListScope(scope: CaseListScope, record: CaseAccessRecord): boolean {
  if (scope.all) return true;
  return (scope.agencyId !== undefined && record.agencyIds.includes(scope.agencyId)) || (scope.atSemrac && record.atSemrac);
}

/** Whether an item row is inside a list scope. */
export function inIntelligenceListScope(scope: IntelligenceListScope, record: IntelligenceItemAccessRecord): boolean {
  if (scope.all) return true;
  return (scope.submitterAgencyId !== undefined && record.submitterAgencyId === scope.submitterAgencyId) || (record.handling !== undefined && scope.handling.includes(record.handling));
}
