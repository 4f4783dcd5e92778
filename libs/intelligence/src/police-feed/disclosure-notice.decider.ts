import { Decider, DomainError, requireRole } from '@app/common/domain';
import type { PoliceAcknowledgementRecorded } from '../intelligence-item/intelligence-item.events';

/**
 * The police unit's side of a disclosure notice (`disclosure-notice-{assessmentId}`): its
 * acknowledgements and outcomes. The notice itself is the case's `DisclosureRecorded`; this
 * stream holds only what the police said back, as an intelligence item's stream does.
 */
export type DisclosureNoticeEvent = PoliceAcknowledgementRecorded;

export interface DisclosureNoticeCommand {
  type: 'RecordPoliceAcknowledgement';
  itemId: string;
  now: string;
  roles: readonly string[];
  data: Omit<PoliceAcknowledgementRecorded['data'], 'itemId' | 'recordedAt'>;
}

export interface DisclosureNoticeState {
  acknowledgements: string[];
}

export const disclosureNoticeStreamId = (assessmentId: string) => `disclosure-notice-${assessmentId}`;

export const disclosureNoticeDecider: Decider<DisclosureNoticeCommand, DisclosureNoticeEvent, DisclosureNoticeState> = {
  initialState: () => ({ acknowledgements: [] }),

  decide(command, state) {
    requireRole(command.roles, 'intelligence-officer', "record the police unit's acknowledgement");
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
