import { IntelligenceDisseminatedV1 } from '@app/contracts';
import { InvalidOutgoingMessageError, contractMessage } from './contract-message';

describe('an outbox message for a contract', () => {
  it('carries the document as JSON, with its messageId as id and the contract type', () => {
    const value = IntelligenceDisseminatedV1.example;
    expect(contractMessage(IntelligenceDisseminatedV1, { topic: 'police.intelligence-feed', key: value.itemId, value })).toEqual({
      id: value.messageId,
      topic: 'police.intelligence-feed',
      key: value.itemId,
      type: 'intelligence-disseminated.v1',
      payload: JSON.parse(JSON.stringify(value)),
    });
  });

  it('refuses a document that does not meet its contract, naming the fields', () => {
    const value = { ...IntelligenceDisseminatedV1.example, grading: { source: 1, assessment: 'A', handling: 'C' } } as IntelligenceDisseminatedV1;
    const attempt = () => contractMessage(IntelligenceDisseminatedV1, { topic: 'police.intelligence-feed', key: value.itemId, value });
    expect(attempt).toThrow(InvalidOutgoingMessageError);
    expect(attempt).toThrow('A intelligence-disseminated.v1 message does not meet its contract: grading.conditions: is required');
  });
});
