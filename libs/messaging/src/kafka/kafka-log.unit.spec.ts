import { KafkaLogFilter, KafkaLogLevel } from './kafka-log';

/** The filter with a clock the test moves, and the lines it writes. */
function filter(windowMs = 60_000) {
  let now = 1_000_000;
  const written: { level: KafkaLogLevel; message: string }[] = [];
  const f = new KafkaLogFilter((level, message) => void written.push({ level, message }), { windowMs, now: () => now });
  return { f, written, advance: (ms: number) => void (now += ms) };
}

/** What kafkajs writes, per client, on every retry while the broker is down. */
function outageBurst(f: KafkaLogFilter): void {
  f.entry('error', 'Connection', 'Connection error: connect ECONNREFUSED 127.0.0.1:9092', 'connect ECONNREFUSED 127.0.0.1:9092');
  f.entry('error', 'BrokerPool', 'Failed to connect to seed broker, trying another broker from the list: Connection error');
  f.entry('error', 'Consumer', 'Crash: KafkaJSNumberOfRetriesExceeded: Connection error: connect ECONNREFUSED 127.0.0.1:9092');
  f.entry('error', 'Consumer', 'Restarting the consumer in 1472ms');
}

describe('KafkaLogFilter: one line per state change, not per retry', () => {
  it('writes a broker outage once when it starts and once when a client is through again, counting what it left out', () => {
    const { f, written, advance } = filter();
    for (let i = 0; i < 60; i++) {
      outageBurst(f);
      advance(300);
    }
    expect(written).toEqual([{ level: 'error', message: 'Kafka is unreachable: Connection: Connection error: connect ECONNREFUSED 127.0.0.1:9092 (connect ECONNREFUSED 127.0.0.1:9092)' }]);

    f.entry('info', 'ConsumerGroup', 'Consumer has joined the group');
    expect(written.slice(1)).toEqual([
      { level: 'info', message: 'Kafka is reachable again after 18.0 s (239 repeated line(s) left out)' },
      { level: 'debug', message: 'ConsumerGroup: Consumer has joined the group' },
    ]);
    // Reachable once: a second sign of it writes nothing more at info.
    f.reachable();
    expect(written.filter((w) => w.level !== 'debug')).toHaveLength(2);

    // The next outage is news again.
    outageBurst(f);
    expect(written.filter((w) => w.level === 'error')).toHaveLength(2);
  });

  it('reminds once per window while the outage lasts', () => {
    const { f, written, advance } = filter(10_000);
    for (let i = 0; i < 100; i++) {
      outageBurst(f);
      advance(250);
    }
    // 25 s of retries: the first line, and a reminder after 10 s and after 20 s with the count left out.
    expect(written.map((w) => w.message)).toEqual([
      expect.stringMatching(/^Kafka is unreachable: /),
      expect.stringMatching(/^Kafka is still unreachable: .* \(159 repeated line\(s\) left out\)$/),
      expect.stringMatching(/^Kafka is still unreachable: .* \(159 repeated line\(s\) left out\)$/),
    ]);
    expect(written.every((w) => w.level === 'error')).toBe(true);
  });

  it('writes the rebalance of a normal start or stop at debug, and another error once per window with its repeats', () => {
    const { f, written, advance } = filter(60_000);
    f.entry('error', 'Runner', 'The group is rebalancing, re-joining', 'The group is rebalancing, so a rejoin is needed');
    f.entry('warn', 'KafkaJS', 'KafkaJS v2.0.0 switched default partitioner. To retain the same partitioning behavior in v1, use the legacy partitioner');
    expect(written.map((w) => w.level)).toEqual(['debug', 'debug']);

    for (let i = 0; i < 5; i++) f.entry('error', 'Producer', 'Topic authorization failed for topic 7');
    advance(60_000);
    f.entry('error', 'Producer', 'Topic authorization failed for topic 8');
    expect(written.slice(2)).toEqual([
      { level: 'error', message: 'Producer: Topic authorization failed for topic 7' },
      { level: 'error', message: 'Producer: Topic authorization failed for topic 8 (4 repeated line(s) left out)' },
    ]);
  });
});
