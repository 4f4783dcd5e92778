import { describeMessageBusBehaviour } from '../../testing/message-bus.behaviour';
import { inProcessSubject } from '../../testing/subjects';

// The same behaviour as Kafka's (kafka-message-bus.int.spec.ts), in memory.
describeMessageBusBehaviour('in-process', inProcessSubject);
