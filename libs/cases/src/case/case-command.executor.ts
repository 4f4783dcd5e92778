import { Injectable } from '@nestjs/common';
import { StreamCommandContext, StreamCommandExecutor } from '@app/common';
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
 */
@Injectable()
export class CaseCommandExecutor {
  constructor(private readonly streams: StreamCommandExecutor) {}

  async execute(caseId: string, command: CaseCommand, context: CaseCommandContext): Promise<CaseCommandResult> {
    const result = await this.streams.execute(
      caseStreamId(caseId),
      caseDecider,
      (now) => ({ ...command, caseId, now }) as CaseCommandEnvelope,
      context,
    );
    return { caseId, revision: result.revision, position: result.position, written: result.written, events: result.events };
  }
}
