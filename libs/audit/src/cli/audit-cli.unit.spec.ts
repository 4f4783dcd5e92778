import { RecordKind, RecordKindRegistry, UnknownRecordKindError } from '../time-travel/record-kinds';
import { record } from './audit-cli';

describe('naming a record on the command line', () => {
  // Kinds named like the contexts' streams, one a suffix of another ("share", "inbound-share").
  const kind = (name: string): RecordKind => ({ kind: name, streamId: (id) => `${name}-${id}`, initialState: () => undefined, evolve: (state) => state });
  const kinds = new RecordKindRegistry(['case', 'intel', 'share', 'inbound-share'].map(kind));

  it.each([
    ['case:3f1c', { kind: 'case', id: '3f1c' }],
    ['case-3f1c', { kind: 'case', id: '3f1c' }],
    ['intel:9-a', { kind: 'intel', id: '9-a' }],
    ['share-abc', { kind: 'share', id: 'abc' }],
    ['inbound-share-abc', { kind: 'inbound-share', id: 'abc' }],
    ['inbound-share:abc', { kind: 'inbound-share', id: 'abc' }],
  ])('reads %s', (value, expected) => {
    expect(record([value], kinds)).toEqual(expected);
  });

  it('refuses an unknown kind, a missing id, and more or fewer than one record', () => {
    expect(() => record(['child:1'], kinds)).toThrow(UnknownRecordKindError);
    expect(() => record(['case:'], kinds)).toThrow(/no id/);
    expect(() => record(['nonsense'], kinds)).toThrow(/Not a record/);
    expect(() => record([], kinds)).toThrow(/Name one record/);
    expect(() => record(['case:1', 'case:2'], kinds)).toThrow(/Name one record/);
  });
});
