import '@app/cases';
import { RecordKindRegistry } from './record-kinds';

describe('the record kinds an auditor may name', () => {
  it('are the stream kinds the loaded contexts declare whose reads the access log records, with their views', () => {
    const kinds = new RecordKindRegistry();
    // The cases context also declares missing-episode and SEMRAC meeting streams: a replay of those could not be logged.
    expect(kinds.names()).toEqual(['case']);
    const record = kinds.get('case');
    expect(record.streamId('3f1c')).toBe('case-3f1c');
    expect(record.view).toBeDefined();
    expect(record.viewSources?.revealedBy).toContain('CasesLinked');
  });
});
