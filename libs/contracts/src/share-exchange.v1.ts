import { FieldErrors, MessageContract, ValidationResult, defineContract } from './contract';
import { isRecord } from './fields';
import { ShareAcknowledgedV1 } from './share-acknowledged.v1';
import { ShareRevocationConfirmedV1 } from './share-revocation-confirmed.v1';
import { ShareRevokedV1 } from './share-revoked.v1';
import { ShareSentV1 } from './share-sent.v1';

/** Every message that travels on an organisation's share topic. */
export type ShareExchangeMessageV1 = ShareSentV1 | ShareAcknowledgedV1 | ShareRevokedV1 | ShareRevocationConfirmedV1;

/** The contracts of the share topic, by the `type` each message states. */
export const SHARE_EXCHANGE_CONTRACTS: Record<ShareExchangeMessageV1['type'], MessageContract<ShareExchangeMessageV1>> = {
  'share-sent.v1': ShareSentV1 as MessageContract<ShareExchangeMessageV1>,
  'share-acknowledged.v1': ShareAcknowledgedV1 as MessageContract<ShareExchangeMessageV1>,
  'share-revoked.v1': ShareRevokedV1 as MessageContract<ShareExchangeMessageV1>,
  'share-revocation-confirmed.v1': ShareRevocationConfirmedV1 as MessageContract<ShareExchangeMessageV1>,
};

function check(value: unknown, errors: FieldErrors): void {
  const type = isRecord(value) ? value.type : undefined;
  const contract = typeof type === 'string' ? SHARE_EXCHANGE_CONTRACTS[type as ShareExchangeMessageV1['type']] : undefined;
  if (!isRecord(value)) return errors.add('', 'must be an object');
  if (!contract) return errors.add('type', `must be one of ${Object.keys(SHARE_EXCHANGE_CONTRACTS).map((t) => JSON.stringify(t)).join(', ')}`);
  const result: ValidationResult<ShareExchangeMessageV1> = contract.validate(value);
  if (!result.ok) errors.list.push(...result.errors);
}

/**
 * The consumer's view of a share topic: any of the four share messages, each validated against
 * its own contract by its `type`.
 */
export const ShareExchangeV1: MessageContract<ShareExchangeMessageV1> = defineContract<ShareExchangeMessageV1>({
  name: 'share-exchange',
  version: 1,
  description: 'Any message on an organisation’s share topic: share-sent, share-acknowledged, share-revoked or share-revocation-confirmed (v1).',
  check,
  example: ShareSentV1.example,
});
