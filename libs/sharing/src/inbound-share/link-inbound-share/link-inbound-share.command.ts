import { Command } from '@nestjs/cqrs';
import type { StreamCommandContext } from '@app/common';
import type { LinkAnswer } from '../../share/share-commands';

export class LinkInboundShareCommand extends Command<LinkAnswer> {
  constructor(
    readonly shareId: string,
    readonly to: { kind: 'case' | 'poi'; id: string },
    readonly note: string | undefined,
    readonly context: StreamCommandContext,
  ) {
    super();
  }
}
