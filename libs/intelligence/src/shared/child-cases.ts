import { caseStream } from '@app/cases';
import { EventStore } from '@app/event-store';

/** A child's case stream, as the cases context declares it: intelligence only asks whether a case exists. */
export const childCaseStreamId = (caseId: string) => caseStream.streamId(caseId);

export async function caseExists(store: EventStore, caseId: string): Promise<boolean> {
  return (await store.readStream(childCaseStreamId(caseId), { limit: 1 })).length > 0;
}
