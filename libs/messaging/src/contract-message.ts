import type { IdentifiedMessage, MessageContract } from '@app/contracts';
import type { JsonObject, OutboxMessage } from '@app/event-store';

/** A message that does not meet its own contract: a bug on our side; nothing is written. */
export class InvalidOutgoingMessageError extends Error {
  override readonly name = 'InvalidOutgoingMessageError';
  constructor(
    readonly type: string,
    readonly errors: readonly string[],
  ) {
    super(`A ${type} message does not meet its contract: ${errors.join('; ')}`);
  }
}

/**
 * An outbox message for a contract's document: checked against the contract (what we send is
 * what we document), its id the document's `messageId`, its type the contract's, its payload
 * plain JSON. Use it in handlers (`AppendOptions.outbox`) and mappers.
 */
export function contractMessage<T extends IdentifiedMessage>(
  contract: MessageContract<T>,
  message: { topic: string; key: string; value: T; headers?: Record<string, string> },
): OutboxMessage {
  const payload = JSON.parse(JSON.stringify(message.value)) as JsonObject;
  const checked = contract.validate(payload);
  if (!checked.ok) throw new InvalidOutgoingMessageError(contract.type, checked.errors);
  return {
    id: message.value.messageId,
    topic: message.topic,
    key: message.key,
    type: contract.type,
    payload,
    ...(message.headers ? { headers: message.headers } : {}),
  };
}
