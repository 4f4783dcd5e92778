import { randomUUID } from 'node:crypto';
import { Admin, Consumer, EachMessagePayload, Kafka, logLevel } from 'kafkajs';
import { kafkaBrokers } from '../../../../test/kafka-broker';

/**
 * Proves the broker that deploy/kafka-local starts (Kafka 3.9) works with kafkajs 2.2.4 for what
 * the platform needs: admin, keyed produce, consumer groups, committed offsets.
 */
describe('the local Kafka broker with kafkajs', () => {
  let kafka: Kafka;
  let admin: Admin;
  const consumers: Consumer[] = [];

  beforeAll(async () => {
    kafka = new Kafka({ clientId: 'broker-proof', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.disconnect()));
    await admin.disconnect();
  });

  async function consume(groupId: string, topic: string, until: (received: EachMessagePayload[]) => boolean): Promise<EachMessagePayload[]> {
    const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1000 });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received: EachMessagePayload[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${received.length} messages arrived`)), 30_000);
      void consumer.run({
        // Offsets are committed after each message is handled, and on disconnect.
        autoCommitThreshold: 1,
        eachMessage: async (payload) => {
          received.push(payload);
          if (until(received)) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    // The offset of the last message is committed once its handler has returned.
    const lastOffsets = new Map(received.map((m) => [m.partition, Number(m.message.offset) + 1]));
    const committed = async () => (await admin.fetchOffsets({ groupId, topics: [topic] }))[0].partitions;
    for (let i = 0; i < 100; i++) {
      const partitions = await committed();
      if ([...lastOffsets].every(([partition, offset]) => partitions.find((p) => p.partition === partition)?.offset === String(offset))) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await consumer.disconnect();
    consumers.splice(consumers.indexOf(consumer), 1);
    return received;
  }

  it('creates topics, keeps each key in order, and resumes a group from its committed offsets', async () => {
    const topic = `proof-${randomUUID()}`;
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true })).toBe(true);
    expect(await admin.listTopics()).toContain(topic);

    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const keys = ['case-a', 'case-b', 'case-c'];
    await producer.send({ topic, messages: Array.from({ length: 12 }, (_, i) => ({ key: keys[i % 3], value: JSON.stringify({ i }) })) });

    const group = `group-${randomUUID()}`;
    const first = await consume(group, topic, (r) => r.length === 12);
    for (const key of keys) {
      const values = first.filter((m) => m.message.key!.toString() === key).map((m) => JSON.parse(m.message.value!.toString()).i);
      expect(values).toEqual([...values].sort((a, b) => a - b));
      expect(values).toHaveLength(4);
    }
    const committed = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    // A partition no message went to has no committed offset (-1).
    expect(committed[0].partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0)).toBe(12);

    await producer.send({ topic, messages: [{ key: 'case-a', value: JSON.stringify({ i: 12 }) }] });
    await producer.disconnect();
    const second = await consume(group, topic, (r) => r.length >= 1);
    expect(second.map((m) => JSON.parse(m.message.value!.toString()).i)).toEqual([12]);
  });
});
