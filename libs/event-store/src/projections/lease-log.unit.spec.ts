import { LeaseLog } from './projections.service';

/** What a projector says about its leases: one line per change, projections taken together. */
describe('LeaseLog', () => {
  const logged = (events: Parameters<LeaseLog['note']>[0][]) => {
    const lines: string[] = [];
    const log = new LeaseLog((line) => lines.push(line), 10_000);
    for (const event of events) log.note(event);
    log.close();
    return lines;
  };

  it('says which projections a standby waits for, and whose lease it took over and how long ago it lapsed', () => {
    expect(
      logged([
        { kind: 'standby', projection: 'case-view', holder: 'host:1:a' },
        { kind: 'standby', projection: 'poi-profiles', holder: 'host:1:a' },
      ]),
    ).toEqual(['Standing by for 2 projection(s) (case-view, poi-profiles) held by host:1:a; taking over when its lease lapses']);
    expect(
      logged([
        { kind: 'held', projection: 'case-view', from: 'host:1:a', lapsedMs: 300 },
        { kind: 'held', projection: 'poi-profiles', from: 'host:1:a', lapsedMs: 1250 },
        { kind: 'held', projection: 'police-feed' },
      ]),
    ).toEqual(['Took over 2 projection(s) (case-view, poi-profiles) from host:1:a, whose lease lapsed 1.3 s ago', 'Holding 1 projection(s) (police-feed)']);
  });

  it('logs a projection again only when its state changes (a runner re-claims its own lease after each error)', () => {
    const lines: string[] = [];
    const log = new LeaseLog((line) => lines.push(line), 10_000);
    log.note({ kind: 'held', projection: 'case-view' });
    log.close();
    log.note({ kind: 'held', projection: 'case-view' });
    log.note({ kind: 'held', projection: 'case-view' });
    log.close();
    log.note({ kind: 'standby', projection: 'case-view', holder: 'host:2:b' });
    log.close();
    expect(lines).toEqual(['Holding 1 projection(s) (case-view)', 'Standing by for 1 projection(s) (case-view) held by host:2:b; taking over when its lease lapses']);
  });
});
