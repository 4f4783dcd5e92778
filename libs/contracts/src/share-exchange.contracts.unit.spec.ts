import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageContract, ShareAcknowledgedV1, ShareExchangeV1, ShareRevocationConfirmedV1, ShareRevokedV1, ShareSentV1 } from '.';

const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
const exampleUnder = (heading: string) => {
  const section = readme.split(/^## /m).find((s) => s.startsWith(`${heading}\n`));
  return JSON.parse(/```json\n([\s\S]*?)```/.exec(section ?? '')![1]);
};
const errorsOf = (contract: MessageContract<object>, value: unknown) => {
  const result = contract.validate(value);
  return result.ok ? [] : result.errors;
};

describe('cross-border share contracts', () => {
  it.each([
    ['share-sent.v1', ShareSentV1],
    ['share-acknowledged.v1', ShareAcknowledgedV1],
    ['share-revoked.v1', ShareRevokedV1],
    ['share-revocation-confirmed.v1', ShareRevocationConfirmedV1],
  ] as [string, MessageContract<object>][])('documents %s in the README with its example, which validates alone and on the share topic', (type, contract) => {
    expect(contract.type).toBe(type);
    expect(exampleUnder(type)).toEqual(contract.example);
    expect(contract.validate(exampleUnder(type)).ok).toBe(true);
    expect(ShareExchangeV1.validate(contract.example).ok).toBe(true);
  });

  it('refuses a share without its lawful basis, purpose or label, naming each field', () => {
    const { lawfulBasis: _b, purpose: _p, ...rest } = ShareSentV1.example;
    expect(errorsOf(ShareSentV1, { ...rest, label: 'PURPLE' })).toEqual([
      'label: must be one of "CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"',
      'purpose: is required',
      'lawfulBasis: is required',
    ]);
  });

  it('needs the text of an "other" basis and the reason a subject was not told', () => {
    expect(errorsOf(ShareSentV1, { ...ShareSentV1.example, lawfulBasis: { code: 'other' }, subjectInformed: { informed: false } })).toEqual([
      'lawfulBasis.text: is required',
      'subjectInformed.reasonNotInformed: is required',
    ]);
  });

  it('refuses fields that are not in the version, anywhere, and content that carries nothing', () => {
    expect(errorsOf(ShareSentV1, { ...ShareSentV1.example, source: 'x', content: { caseSummary: { ...ShareSentV1.example.content.caseSummary, sourceName: 'x' } } })).toEqual([
      'source: is not a field of this message version',
      'content.caseSummary.sourceName: is not a field of this message version',
    ]);
    expect(errorsOf(ShareSentV1, { ...ShareSentV1.example, content: {} })).toEqual(['content: must carry a case summary, chronology entries or intelligence items']);
  });

  it('needs an envelope with both parties and a signature of the right form', () => {
    const { from: _f, ...noSender } = ShareAcknowledgedV1.example;
    expect(errorsOf(ShareAcknowledgedV1, { ...noSender, to: 'has spaces', signature: 'not base64!' })).toEqual([
      'from: is required',
      'to: must be an identifier (letters, digits and ._:/- only)',
      'signature: must be a base64 Ed25519 signature (64 bytes)',
    ]);
  });

  it('dispatches on type: an unknown type is refused, and each message is checked against its own contract', () => {
    expect(errorsOf(ShareExchangeV1, { ...ShareRevokedV1.example, type: 'share-deleted.v1' })).toEqual([
      'type: must be one of "share-sent.v1", "share-acknowledged.v1", "share-revoked.v1", "share-revocation-confirmed.v1"',
    ]);
    expect(errorsOf(ShareExchangeV1, { ...ShareRevokedV1.example, reason: '' })).toEqual(['reason: must not be empty']);
    expect(errorsOf(ShareExchangeV1, 'text')).toEqual(['(message): must be an object']);
  });
});
