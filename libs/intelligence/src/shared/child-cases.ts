import { EventStore } from '@app/event-store';

/**
 * A child's case stream in the cases context (`case-{caseId}`, libs/cases case.events.ts). The
 * intelligence context only asks whether a case exists, so it names the stream rather than
 * depending on the cases library.
 */
export const childCaseStreamId = (caseId: string) => `case-${caseId}`;

export async function caseExists(store: EventStore, caseId: string): Promise<boolean> {
  return (await store.readStream(childCaseStreamId(caseId), { limit: 1 })).length > 0;
}
