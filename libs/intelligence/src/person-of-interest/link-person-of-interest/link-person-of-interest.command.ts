import { Command } from '@nestjs/cqrs';
import type { StreamCommandContext } from '@app/common';
import type { PoiChangeAnswer } from '../poi-commands';
import type { PoiLinkTargetInput } from '../person-of-interest.decider';
import type { LinkNature } from '../person-of-interest.events';

export type LinkAnswer = PoiChangeAnswer & {
  /** The link recorded; absent when the same link was already on record. */
  linkId?: string;
};

export class LinkPersonOfInterestCommand extends Command<LinkAnswer> {
  constructor(
    readonly poiId: string,
    readonly link: { target: PoiLinkTargetInput; nature: LinkNature; detail?: string },
    readonly context: StreamCommandContext,
  ) {
    super();
  }
}
