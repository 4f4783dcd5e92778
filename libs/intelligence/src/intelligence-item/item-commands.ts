import { Injectable } from '@nestjs/common';
import { StreamCommandContext, StreamCommandExecutor, StreamCommandResult } from '@app/common';
import { IntelligenceItemCommand, IntelligenceItemCommandEnvelope, IntelligenceItemState, checkPermission, intelligenceItemDecider } from './intelligence-item.decider';
import { IntelligenceItemEvent, IntelligenceStatus, intelligenceStreamId } from './intelligence-item.events';

/** What every change to an item answers. */
export interface ItemChangeAnswer {
  itemId: string;
  status: IntelligenceStatus;
  /** Send as If-Match with the next change to this item. */
  revision: number;
  /** Pass as `consistentWith` to read your own write. */
  position?: string;
  /** False when nothing changed, or for a retried Idempotency-Key. */
  changed: boolean;
}

export const ITEM_ANSWER_EXAMPLE = {
  itemId: '7f3e2d1c-0b9a-4c8d-9e7f-6a5b4c3d2e1f',
  status: 'graded',
  revision: 2,
  position: '00000000000000000131:00000000000000000131',
  changed: true,
};

/** Runs item commands through the stream executor, with the roles the actor acts in. */
@Injectable()
export class ItemCommands {
  constructor(private readonly streams: StreamCommandExecutor) {}

  async run(itemId: string, command: IntelligenceItemCommand, context: StreamCommandContext): Promise<ItemChangeAnswer> {
    // The decider checks too; checked first here so that a refused role is answered 403 before anything else is looked at.
    checkPermission(command.type, context.actor.roles ?? []);
    const result: StreamCommandResult<IntelligenceItemEvent, IntelligenceItemState> = await this.streams.execute(
      intelligenceStreamId(itemId),
      intelligenceItemDecider,
      (now) => ({ ...command, itemId, now, roles: context.actor.roles ?? [] }) as IntelligenceItemCommandEnvelope,
      context,
    );
    return { itemId, status: result.state.status, revision: result.revision, position: result.position, changed: result.written };
  }
}
