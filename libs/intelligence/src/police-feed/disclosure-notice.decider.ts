import { Decider, DomainError } from '@app/common/domain';
import type { PoliceAcknowledgementRecorded } from '../intelligence-item/intelligence-item.events';

/**
 * The police unit's side of a disclosure notice (`disclosure-notice-{assessmentId}`): its
 * acknowledgements and outcomes. The notice itself is the case's `DisclosureRecorded`; this
 * stream holds only what the police said back, as an intelligence item's stream does.
 */
export type DisclosureNoticeEvent = PoliceAcknowledgementRecorded;

export interface DisclosureNoticeCommand {
  type: 'RecordPoliceAcknowledgement';
  data: Omit<PoliceAcknowledgementRecorded['data'], 'itemId' | 'recordedAt'>;
}

/** The command with the feed item it acknowledges (`disclosure-{assessmentId}`) and the moment. */
export type DisclosureNoticeCommandEnvelope = DisclosureNoticeCommand & { itemId: string; now: string };

export interface DisclosureNoticeState {
  acknowledgements: string[];
}

/** Who may record an acknowledgement is the stream's rule (disclosure-notice.stream.ts), checked before this decides. */
export const disclosureNoticeDecider: Decider<DisclosureNoticeCommandEnvelope, DisclosureNoticeEvent, DisclosureNoticeState> = {
  initialState: () => ({ acknowledgements: [] }),

  decide(command, state) {
    const { operationRef, ...rest } = command.data;
    if (state.acknowledgements.includes(rest.messageId.toLowerCase())) return [];
    if (rest.outcome === 'linked-to-operation' && !operationRef?.trim()) {
      throw new DomainError('An outcome linked to an operation names the operation: give operationRef', 'operation-ref-required');
    }
    return [
      {
        type: 'PoliceAcknowledgementRecorded',
        data: {
          itemId: command.itemId,
          ...rest,
          messageId: rest.messageId.toLowerCase(),
          ...(operationRef?.trim() ? { operationRef: operationRef.trim() } : {}),
          recordedAt: command.now,
        },
      },
    ];
  },

  evolve(state, event) {
    return event.type === 'PoliceAcknowledgementRecorded' ? { acknowledgements: [...state.acknowledgements, event.data.messageId] } : state;
  },
};
