import { randomUUID } from 'node:crypto';
import { describeEventStoreContract } from '@app/event-store-testing';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

const url = process.env.EVENTSTORE_CONNECTION_STRING;
const describeIfServer = url ? describe : describe.skip;

if (!url) {
  const warning =
    'EventStoreDB contract suite SKIPPED: EVENTSTORE_CONNECTION_STRING is not set (no EventStoreDB server can run on this machine). ' +
    'Set it, e.g. esdb://localhost:2113?tls=false, to run it.';
  console.warn(warning);
  // When it runs several files, Jest drops the console output of a file whose tests were all
  // skipped, so the warning also goes straight to stderr.
  process.stderr.write(`${warning}\n`);
}

// Each test gets its own namespace, hence an empty store. Nothing is deleted afterwards (ESDB
// deletes per stream only): point the suite at a throwaway server, since readAll and
// countEvents read the whole $all, every earlier run's events included.
describeEventStoreContract(
  'eventstoredb',
  async () => {
    const store = await EventStoreDbEventStore.create({ connectionString: url!, namespace: `t${randomUUID().replace(/-/g, '')}` });
    return { store, teardown: () => store.close() };
  },
  describeIfServer,
);
