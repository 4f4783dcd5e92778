import { Injectable, Optional } from '@nestjs/common';
import { Actor, StreamCommandContext, StreamCommandExecutor } from '@app/common';
import type { RecordedEvent } from '@app/event-store';
import { CaseWriteGuard } from './case-write-guard';
import { CaseCommand, CaseCommandEnvelope, caseDecider } from './case.decider';
import { CaseEvent, caseStreamId } from './case.events';

export type CaseCommandContext = StreamCommandContext;

export interface CaseCommandResult {
  caseId: string;
  /** The case's revision after the command: the next If-Match. */
  revision: number;
  /** Where the change sits in the global log (for `consistentWith`); absent when nothing changed. */
  position?: string;
  /** False for an idempotent retry, or a command that changed nothing (e.g. a flag already set). */
  written: boolean;
  events: CaseEvent[];
}

/**
 * Runs a command against a case stream: load, decide, append with the revision it decided on.
 * Two writers deciding on the same revision: one wins, the other gets 409 and writes nothing.
 * The access policy decides who may change the case (agencies on it; SEMRAC roles once SEMRAC
 * has it), from the stream itself.
 */
@Injectable()
export class CaseCommandExecutor {
  constructor(
    private readonly streams: StreamCommandExecutor,
    @Optional() private readonly guard?: CaseWriteGuard,
  ) {}

  async execute(caseId: string, command: CaseCommand, context: CaseCommandContext): Promise<CaseCommandResult> {
    const result = await this.streams.execute(
      caseStreamId(caseId),
      caseDecider,
      (now) => ({ ...command, caseId, now }) as CaseCommandEnvelope,
      context,
      { authorize: (history) => this.authorize(caseId, command, context.actor, history) },
    );
    return { caseId, revision: result.revision, position: result.position, written: result.written, events: result.events };
  }

  private authorize(caseId: string, command: CaseCommand, actor: Actor, history: readonly RecordedEvent[]): void {
    // Referrals are open to every agency; a case that does not exist is the decider's to refuse (404).
    if (!this.guard || command.type === 'ReceiveReferral' || history.length === 0) return;
    // An agency joins a case by naming its own lead professional (action 3.1).
    if (command.type === 'NameLeadProfessional' && command.data.agencyId === actor.agencyId && actor.roles?.length) return;
    this.guard.check(caseId, actor, history);
  }
}
