import { FieldErrors, MessageContract, defineContract } from './contract';
import { object, oneOf, text } from './fields';

/** What the police intelligence unit did with an item (DOMAIN.md, "Police-facing feed"). */
export const ACKNOWLEDGEMENT_OUTCOMES = ['actioned', 'no-further-action', 'linked-to-operation'] as const;

export type AcknowledgementOutcome = (typeof ACKNOWLEDGEMENT_OUTCOMES)[number];

/**
 * The police intelligence unit's acknowledgement of a disseminated item and its outcome, on the
 * acknowledgements topic, keyed by `itemId`. Sent by the police; validated on the way in.
 */
export interface IntelligenceAcknowledgedV1 {
  /** UUID chosen by the sender: a redelivery with the same id is recorded once. */
  messageId: string;
  /** The item acknowledged (`itemId` of intelligence-disseminated.v1). */
  itemId: string;
  outcome: AcknowledgementOutcome;
  /** The police operation's reference: required with `linked-to-operation`, absent otherwise. */
  operationRef?: string;
  /** When the unit acknowledged it (ISO 8601). */
  acknowledgedAt: string;
  /** The acknowledging unit and officer (an identifier such as a collar number). */
  unit: { id: string; officer: string };
}

const FIELDS = ['messageId', 'itemId', 'outcome', 'operationRef', 'acknowledgedAt', 'unit'] as const;

function check(value: unknown, errors: FieldErrors): void {
  const message = object(errors, '', value, FIELDS);
  if (!message) return;
  text(errors, message, '', 'messageId', { maxLength: 36, format: 'uuid' });
  text(errors, message, '', 'itemId', { maxLength: 100, format: 'reference' });
  oneOf(errors, message, '', 'outcome', ACKNOWLEDGEMENT_OUTCOMES);
  if (message.outcome === 'linked-to-operation') text(errors, message, '', 'operationRef', { maxLength: 100, format: 'reference' });
  else if (message.operationRef !== undefined) errors.add('operationRef', 'is given only with outcome "linked-to-operation"');
  text(errors, message, '', 'acknowledgedAt', { maxLength: 40, format: 'date-time' });
  if (message.unit === undefined) errors.add('unit', 'is required');
  else {
    const unit = object(errors, 'unit', message.unit, ['id', 'officer']);
    if (unit) {
      text(errors, unit, 'unit', 'id', { maxLength: 100, format: 'reference' });
      text(errors, unit, 'unit', 'officer', { maxLength: 100 });
    }
  }
}

export const IntelligenceAcknowledgedV1: MessageContract<IntelligenceAcknowledgedV1> = defineContract<IntelligenceAcknowledgedV1>({
  name: 'intelligence-acknowledged',
  version: 1,
  description: "The police intelligence unit's acknowledgement and outcome of a disseminated item (acknowledgements topic, key: itemId).",
  check,
  example: {
    messageId: '0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b',
    itemId: 'b0c4e9a2-1d3f-4e5a-8b6c-7d8e9f0a1b2c',
    outcome: 'linked-to-operation',
    operationRef: 'OP-KESTREL-2026',
    acknowledgedAt: '2026-11-27T11:02:00.000Z',
    unit: { id: 'tvp-force-intelligence-bureau', officer: 'DC 4471' },
  },
});
