import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError, deterministicUuid } from '@app/common';
import { EVENT_STORE, EventStore, JsonObject, WrongExpectedRevisionError } from '@app/event-store';
import { PoiCommands } from '../poi-commands';
import { PersonOfInterestState, personOfInterestDecider } from '../person-of-interest.decider';
import { PersonOfInterestEvent, PersonOfInterestMergedInto, poiStreamId } from '../person-of-interest.events';
import { MergePersonsOfInterestCommand, MergePersonsOfInterestResult } from './merge-persons-of-interest.command';

/**
 * A merge is an event on each of two streams: `PersonOfInterestMergedInto` on the duplicate, then
 * `PersonOfInterestMerged` on the survivor. Both sides are decided (pure) before either is
 * written, so a refusal on either side writes nothing.
 *
 * There is no transaction across two streams. The duplicate is written first: from then on it
 * refuses every change and points at the survivor. The survivor's side is then appended, re-read
 * and retried if the survivor changed in between. If the process stops between the two appends
 * (or the survivor keeps changing, or is itself merged away meanwhile), the duplicate is merged and
 * the survivor does not yet carry its identifiers. Recovery is to repeat the merge: the duplicate's decider answers
 * "already merged into this survivor" with nothing to write, and the survivor's side is written
 * from what the duplicate's event recorded (reason, moment) and its frozen identifiers. Both
 * events' ids are derived from the pair of POIs (a duplicate is merged once, ever), so however
 * often the merge is repeated, by whoever, the store keeps one event on each side.
 */
const SURVIVOR_ATTEMPTS = 10;

@CommandHandler(MergePersonsOfInterestCommand)
export class MergePersonsOfInterestHandler implements ICommandHandler<MergePersonsOfInterestCommand, MergePersonsOfInterestResult> {
  constructor(
    private readonly pois: PoiCommands,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ survivorPoiId, duplicatePoiId, reason, context }: MergePersonsOfInterestCommand): Promise<MergePersonsOfInterestResult> {
    if (survivorPoiId === duplicatePoiId) throw new DomainError('A person of interest cannot be merged into itself', 'merge-into-self');
    const [survivor, duplicate] = await Promise.all([this.pois.load(survivorPoiId), this.pois.load(duplicatePoiId)]);
    if (!survivor.state.exists) throw new DomainError(`No person of interest ${survivorPoiId}`, 'poi-not-found', 404);
    if (!duplicate.state.exists) throw new DomainError(`duplicatePoiId: no person of interest ${duplicatePoiId}`, 'poi-not-found', 404);
    const completing = duplicate.state.mergedInto === survivorPoiId;
    if (!completing && context.ifMatch !== undefined && context.ifMatch !== survivor.revision) {
      throw new WrongExpectedRevisionError(poiStreamId(survivorPoiId), context.ifMatch, survivor.revision);
    }

    const now = new Date().toISOString();
    const duplicateSide = personOfInterestDecider.decide({ type: 'MergeInto', data: { survivorPoiId, reason }, poiId: duplicatePoiId, now }, duplicate.state);
    const mergedInto = (duplicateSide[0] ?? duplicate.events.find((e) => e.type === 'PersonOfInterestMergedInto')) as unknown as PersonOfInterestMergedInto;
    const absorb = (state: PersonOfInterestState) =>
      personOfInterestDecider.decide(
        {
          type: 'AbsorbMerged',
          data: { mergedPoiId: duplicatePoiId, mergedIdentifiers: duplicate.state.identifiers, reason: mergedInto.data.reason, mergedAt: mergedInto.data.mergedAt },
          poiId: survivorPoiId,
          now,
        },
        state,
      );
    // Decided before anything is written: a survivor that cannot take the merge leaves both untouched.
    absorb(survivor.state);

    const metadata = {
      actor: { userId: context.actor.userId, agencyId: context.actor.agencyId },
      reason: mergedInto.data.reason,
      ...(context.idempotencyKey ? { idempotencyKey: context.idempotencyKey } : {}),
    };
    const append = (poiId: string, events: PersonOfInterestEvent[], side: string, expectedRevision: number) =>
      this.store.append(
        poiStreamId(poiId),
        events.map((e) => ({ id: deterministicUuid('poi-merge', duplicatePoiId, survivorPoiId, side), type: e.type, data: e.data as unknown as JsonObject, metadata })),
        { expectedRevision },
      );
    if (duplicateSide.length > 0) await append(duplicatePoiId, duplicateSide, 'merged-into', duplicate.revision);

    // The duplicate is merged now: the survivor's side follows, on the survivor as it stands, even
    // if it changed since it was read (the client's If-Match was checked above, before any write).
    for (let attempt = 1, current = survivor; ; attempt++) {
      const survivorSide = absorb(current.state);
      if (survivorSide.length === 0) {
        const stored = current.events.find((e) => e.type === 'PersonOfInterestMerged' && e.data.mergedPoiId === duplicatePoiId);
        return { poiId: survivorPoiId, mergedPoiId: duplicatePoiId, revision: current.revision, position: stored?.position, changed: duplicateSide.length > 0 };
      }
      try {
        const written = await append(survivorPoiId, survivorSide, 'merged', current.revision);
        return { poiId: survivorPoiId, mergedPoiId: duplicatePoiId, revision: written.nextExpectedRevision, position: written.position, changed: true };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= SURVIVOR_ATTEMPTS) throw error;
        current = await this.pois.load(survivorPoiId);
      }
    }
  }
}
