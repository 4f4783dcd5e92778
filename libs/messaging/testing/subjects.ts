import { randomUUID } from 'node:crypto';
import { logLevel } from 'kafkajs';
import { InProcessMessageBus, KafkaMessageBus } from '../src';
import { produceRaw, readTopic } from '../../../test/support/kafka';
import { BusSubject, collect } from './message-bus.behaviour';

/** The in-process bus; outside parties are played through its raw publish and a group of their own. */
export async function inProcessSubject(): Promise<BusSubject> {
  const bus = new InProcessMessageBus({ retryDelayMs: 10 });
  return {
    bus,
    publishRaw: (topic, record) => bus.publishRaw(topic, record),
    readTopic: async (topic, count) => {
      const { received, subscription } = await collect(bus, topic, `reader-${randomUUID()}`, (r) => r.length >= count);
      await subscription.stop();
      return received;
    },
    close: () => bus.close(),
  };
}

/** The Kafka bus on a real broker; outside parties use plain kafkajs clients. */
export function kafkaSubject(brokers: () => string[]) {
  return async (): Promise<BusSubject> => {
    const bus = new KafkaMessageBus({ brokers: brokers(), clientId: 'behaviour-test', logLevel: logLevel.NOTHING });
    return {
      bus,
      publishRaw: (topic, record) => produceRaw(brokers(), topic, [record]),
      readTopic: (topic, count) => readTopic(brokers(), topic, count),
      close: () => bus.close(),
    };
  };
}
