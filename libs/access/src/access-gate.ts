import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import type { Actor, WritePolicy } from '@app/common';
import { ACCESS_SETTINGS, AccessSettings, policeAgencyIds } from './access.settings';
import type { AccessRequestInfo } from './http/access-request';
import { BREAK_GLASS_HEADER } from './http/access-request';
import {
  AccessAction,
  AccessContext,
  AccessDecision,
  AccessRecord,
  AccessRecordKind,
  CaseListScope,
  IntelligenceListScope,
  ShareLabelRule,
  caseListScope,
  decideAccess,
  intelligenceListScope,
} from './policy/access-policy';
import { accessRecordSchema } from './policy/access-record.schema';
import { AccessRecorder } from './recording/access-recorder';

/** What a read was allowed on: how, for the caller's own bookkeeping. */
export interface AccessGrant {
  breakGlass: boolean;
  ground: string;
}

/**
 * The one door every read goes through: asks the policy, records the access (or the refusal)
 * and answers 403 when refused. Controllers and query handlers call it; they never decide
 * access themselves.
 */
@Injectable()
export class AccessGate implements WritePolicy {
  private readonly context: AccessContext;

  constructor(
    @Inject(ACCESS_SETTINGS) settings: AccessSettings,
    private readonly recorder: AccessRecorder,
  ) {
    this.context = { policeAgencyIds: policeAgencyIds(settings) };
  }

  /**
   * The sharing context's TLP table: who may read an inbound share by label. Called once at boot
   * by the module that owns the labels (until then only sharing officers read inbound shares).
   */
  useShareLabelRule(rule: ShareLabelRule): void {
    this.context.shareLabelRule = rule;
  }

  /** Whether the actor's agency is a police force (POLICE_AGENCY_IDS). */
  isPoliceAgency(actor: Actor): boolean {
    return this.context.policeAgencyIds.includes(actor.agencyId);
  }

  /** The policy's answer, without recording anything (for rows, writes, and tests). */
  decide(actor: Actor, action: AccessAction, record: AccessRecord): AccessDecision {
    return decideAccess(actor, action, record, this.context);
  }

  /**
   * Opens one record for reading: allowed (recorded), allowed by break-glass with the caller's
   * reason (recorded and flagged), or refused (recorded, then 403 saying whether break-glass
   * would open it). Resolves only once the access is stored.
   */
  async read(actor: Actor, request: AccessRequestInfo, record: AccessRecord, defaultPurpose: string): Promise<AccessGrant> {
    const decision = this.decide(actor, 'read', record);
    const purpose = request.purpose ?? defaultPurpose;
    const roles = [...(actor.roles ?? [])];
    const at = new Date().toISOString();
    if (decision.outcome === 'allow' || (decision.outcome === 'break-glass' && request.breakGlassReason)) {
      const breakGlass = decision.outcome === 'break-glass';
      await this.recorder.record(
        actor,
        record.kind,
        record.id,
        {
          type: 'RecordAccessed',
          data: {
            kind: record.kind,
            recordId: record.id,
            action: 'read',
            purpose,
            ground: decision.outcome === 'allow' ? decision.ground : 'break-glass',
            roles,
            breakGlass,
            ...(breakGlass ? { breakGlassReason: request.breakGlassReason, outsideScope: (decision as { reason: string }).reason } : {}),
            accessedAt: at,
          },
        },
        breakGlass ? request.breakGlassReason : undefined,
      );
      return { breakGlass, ground: decision.outcome === 'allow' ? decision.ground : 'break-glass' };
    }
    await this.recordDenied(actor, 'read', record, purpose, decision.reason, decision.outcome === 'break-glass', at);
    throw forbidden(decision);
  }

  /** The write path's question (WRITE_POLICY): may the actor change this record? */
  decideWrite(actor: Actor, record: { kind: string; id: string } & Record<string, unknown>): AccessDecision {
    return decideWrite(actor, record, this.context);
  }

  /** Refuses (403, recorded) a change the policy does not allow; records nothing when allowed (the change's own events do). */
  async write(actor: Actor, record: AccessRecord, what: string): Promise<void> {
    const decision = this.decide(actor, 'write', record);
    if (decision.outcome === 'allow') return;
    await this.recordDenied(actor, 'write', record, what, decision.reason, false, new Date().toISOString());
    throw forbidden({ outcome: 'deny', reason: decision.reason });
  }

  /** Which cases a list may show this actor (apply before paging). */
  caseListScope(actor: Actor): CaseListScope {
    return caseListScope(actor);
  }

  /** Which intelligence items a list may show this actor (apply before paging). */
  intelligenceListScope(actor: Actor): IntelligenceListScope {
    return intelligenceListScope(actor, this.context);
  }

  /** Records a list that was shown: its filters and every id on the page. Await it before answering. */
  async listed(
    actor: Actor,
    request: AccessRequestInfo,
    list: string,
    filters: Record<string, string | number | boolean | undefined>,
    shown: { kind: AccessRecordKind; ids: string[] }[],
    defaultPurpose: string,
  ): Promise<void> {
    const defined = Object.fromEntries(Object.entries(filters).filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined));
    await this.recorder.recordList(actor, list, {
      type: 'ListAccessed',
      data: { list, purpose: request.purpose ?? defaultPurpose, filters: defined, shown, roles: [...(actor.roles ?? [])], accessedAt: new Date().toISOString() },
    });
  }

  /**
   * Refuses (403) a list or an aggregate to a user whose roles do not open it, once the refusal is
   * recorded on the list's stream: a refused read is recorded like a refused record.
   */
  async refuseList(
    actor: Actor,
    request: AccessRequestInfo,
    list: string,
    filters: Record<string, string | number | boolean | undefined>,
    reason: string,
    defaultPurpose: string,
  ): Promise<never> {
    const defined = Object.fromEntries(Object.entries(filters).filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined));
    await this.recorder.recordList(actor, list, {
      type: 'ListRefused',
      data: { list, purpose: request.purpose ?? defaultPurpose, filters: defined, reason, roles: [...(actor.roles ?? [])], attemptedAt: new Date().toISOString() },
    });
    throw forbidden({ outcome: 'deny', reason });
  }

  private async recordDenied(actor: Actor, action: AccessAction, record: AccessRecord, purpose: string, reason: string, breakGlassPossible: boolean, at: string): Promise<void> {
    await this.recorder.record(actor, record.kind, record.id, {
      type: 'AccessDenied',
      data: { kind: record.kind, recordId: record.id, action, purpose, reason, breakGlassPossible, roles: [...(actor.roles ?? [])], attemptedAt: at },
    });
  }
}

/** A write rule's record as the policy's own, refused when it is not one (fail closed). */
function decideWrite(actor: Actor, record: { kind: string; id: string }, context: AccessContext): AccessDecision {
  const known = accessRecordSchema.safeParse(record);
  if (!known.success) return { outcome: 'deny', reason: `The access policy cannot decide on ${record.kind} record ${record.id}` };
  return decideAccess(actor, 'write', known.data, context);
}

function forbidden(decision: Exclude<AccessDecision, { outcome: 'allow' }>): ForbiddenException {
  const possible = decision.outcome === 'break-glass';
  return new ForbiddenException({
    statusCode: 403,
    error: 'forbidden',
    message: possible
      ? `${decision.reason}. Break-glass is possible: send ${BREAK_GLASS_HEADER} with why you need it; the access is flagged to auditors. Nothing was shown`
      : `${decision.reason}; nothing was written or shown`,
    breakGlass: possible ? { possible: true, header: BREAK_GLASS_HEADER } : { possible: false },
  });
}

/**
 * The access policy's write decisions with the board's settings, for code that writes outside a
 * Nest app (process managers in tests, command-line tools): the same policy the gate asks.
 */
export function writePolicyOf(settings: AccessSettings): WritePolicy {
  const context: AccessContext = { policeAgencyIds: policeAgencyIds(settings) };
  return {
    decideWrite: (actor, record) => decideWrite(actor, record, context),
    isPoliceAgency: (actor) => context.policeAgencyIds.includes(actor.agencyId),
  };
}
