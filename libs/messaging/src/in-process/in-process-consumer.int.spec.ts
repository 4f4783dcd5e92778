import { describeConsumerBehaviour } from '../../testing/consumer.behaviour';
import { inProcessSubject } from '../../testing/subjects';

// The same behaviour as on Kafka (kafka-message-bus.int.spec.ts), over the embedded default's bus.
describeConsumerBehaviour('in-process bus', 'sqlite', inProcessSubject);
describeConsumerBehaviour('in-process bus', 'postgres', inProcessSubject);
