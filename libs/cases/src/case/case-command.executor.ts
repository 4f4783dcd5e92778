import { Injectable } from '@nestjs/common';
import { CommandStreams, StreamCommandContext } from '@app/common';
import { CaseCommand } from './case.decider';
import { CaseEvent } from './case.events';
import { caseStream } from './case.stream';

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

/** A command on a child's case, through the one write path (`caseStream` declares who may issue it). */
@Injectable()
export class CaseCommandExecutor {
  constructor(private readonly streams: CommandStreams) {}

  async execute(caseId: string, command: CaseCommand, context: CaseCommandContext): Promise<CaseCommandResult> {
    const result = await this.streams.handle(caseStream, caseId, command, context);
    return { caseId, revision: result.revision, position: result.position, written: result.written, events: result.events };
  }
}
