import { kafkaBrokers } from '../../../../test/kafka-broker';
import { describeConsumerBehaviour } from '../../testing/consumer.behaviour';
import { describeMessageBusBehaviour } from '../../testing/message-bus.behaviour';
import { kafkaSubject } from '../../testing/subjects';

// On the real broker (deploy/kafka-local, started on first use): the behaviour the in-process bus shares.
let brokers: string[];
beforeAll(() => {
  brokers = kafkaBrokers();
});

describeMessageBusBehaviour('kafka', kafkaSubject(() => brokers));
describeConsumerBehaviour('kafka', 'postgres', kafkaSubject(() => brokers));
