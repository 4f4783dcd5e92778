import { randomUUID } from 'node:crypto';
import { defineStreamView, streamViews } from './stream-view';

describe('declaring a stream view', () => {
  it('lists it once, and refuses a second view of the same kind', () => {
    const kind = `kind-${randomUUID()}`;
    const view = defineStreamView<number, { type: 'Counted'; data: { by: number } }>({ kind, evolve: (total, event) => (total ?? 0) + event.data.by });
    expect(streamViews().filter((declared) => declared.kind === kind)).toEqual([view]);
    expect(() => defineStreamView({ kind, evolve: () => undefined })).toThrow(`A view of stream kind ${kind} is declared twice`);
  });
});
