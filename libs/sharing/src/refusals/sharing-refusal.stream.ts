import { defineStream } from '@app/common';
import { SharingRefusalCommand, sharingRefusalDecider } from './sharing-refusal.decider';
import { SHARING_REFUSALS_STREAM, ShareMessageRefused } from './sharing-refusal.events';
import { sharingRefusalEventSchemas } from './sharing-refusal.schemas';

/**
 * The one record of share messages refused at this board, `sharing-refusals`: written by the
 * share-topic consumer only (issue 5, federation), listed in the sharing register. The id a
 * command names is ignored: every refusal goes to this one stream.
 */
export const sharingRefusalStream = defineStream<SharingRefusalCommand, ShareMessageRefused, null>({
  kind: 'sharing-refusals',
  streamId: () => SHARING_REFUSALS_STREAM,
  decider: sharingRefusalDecider,
  envelope: (command, { now }) => ({ ...command, now }),
  events: sharingRefusalEventSchemas,
  commands: {
    RecordShareMessageRefused: { roles: [], system: true },
  },
});
