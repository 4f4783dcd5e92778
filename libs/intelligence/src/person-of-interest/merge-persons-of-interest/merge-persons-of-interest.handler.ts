import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandStreams, DomainError, StoredEvent, StreamCommandContext } from '@app/common';
import { WrongExpectedRevisionError } from '@app/event-store';
import { personOfInterestDecider } from '../person-of-interest.decider';
import { PersonOfInterestEvent, PersonOfInterestMergedInto } from '../person-of-interest.events';
import { personOfInterestStream } from '../person-of-interest.stream';
import { MergePersonsOfInterestCommand, MergePersonsOfInterestResult } from './merge-persons-of-interest.command';

/**
 * A merge is an event on each of two streams: `PersonOfInterestMergedInto` on the duplicate, then
 * `PersonOfInterestMerged` on the survivor, each a command through the write path (MergeInto,
 * then AbsorbMerged). Both sides are decided (pure) before either is written, so a refusal on
 * either side writes nothing.
 *
 * There is no transaction across two streams. The duplicate is written first: from then on it
 * refuses every change and points at the survivor. The survivor's side follows on the survivor as
 * it then stands (the write path re-reads and decides again if it changed in between). If the
 * process stops between the two writes (or the survivor keeps changing, or is itself merged away
 * meanwhile), the duplicate is merged and the survivor does not yet carry its identifiers.
 * Recovery is to repeat the merge: the duplicate's decider answers "already merged into this
 * survivor" with nothing to write, and the survivor's side is written from what the duplicate's
 * event recorded (reason, moment) and its frozen identifiers. A duplicate is merged once, ever:
 * each side's decider writes nothing when its side is already there, and both sides carry an
 * idempotency key derived from the pair, so however often the merge is repeated, by whoever, the
 * store keeps one event on each side.
 */
@CommandHandler(MergePersonsOfInterestCommand)
export class MergePersonsOfInterestHandler implements ICommandHandler<MergePersonsOfInterestCommand, MergePersonsOfInterestResult> {
  constructor(private readonly streams: CommandStreams) {}

  async execute({ survivorPoiId, duplicatePoiId, reason, context }: MergePersonsOfInterestCommand): Promise<MergePersonsOfInterestResult> {
    // Refused by role before either record is read.
    this.streams.authorize(personOfInterestStream, 'MergeInto', context);
    if (survivorPoiId === duplicatePoiId) throw new DomainError('A person of interest cannot be merged into itself', 'merge-into-self');
    const [survivor, duplicate] = await Promise.all([this.streams.load(personOfInterestStream, survivorPoiId), this.streams.load(personOfInterestStream, duplicatePoiId)]);
    if (!survivor.state.exists) throw new DomainError(`No person of interest ${survivorPoiId}`, 'poi-not-found', 404);
    if (!duplicate.state.exists) throw new DomainError(`duplicatePoiId: no person of interest ${duplicatePoiId}`, 'poi-not-found', 404);
    const completing = duplicate.state.mergedInto === survivorPoiId;
    if (!completing && context.ifMatch !== undefined && context.ifMatch !== survivor.revision) {
      throw new WrongExpectedRevisionError(personOfInterestStream.streamId(survivorPoiId), context.ifMatch, survivor.revision);
    }

    // Decided before anything is written: a side that cannot take the merge leaves both untouched.
    // Completing an interrupted merge, the survivor's side says what the duplicate's side recorded.
    const now = new Date().toISOString();
    const recorded = mergeEventOf(duplicate.events);
    const absorb = (mergedInto: { reason: string; mergedAt: string }, identifiers = duplicate.state.identifiers) => ({
      type: 'AbsorbMerged' as const,
      data: { mergedPoiId: duplicatePoiId, mergedIdentifiers: identifiers, reason: mergedInto.reason, mergedAt: mergedInto.mergedAt },
    });
    personOfInterestDecider.decide({ type: 'MergeInto', data: { survivorPoiId, reason }, poiId: duplicatePoiId, now }, duplicate.state);
    personOfInterestDecider.decide({ ...absorb(recorded?.data ?? { reason, mergedAt: now }), poiId: survivorPoiId, now }, survivor.state);

    // The client's If-Match and Idempotency-Key were for the merge as a whole (checked above): each
    // side is a command on its own stream as it stands, keyed by the pair.
    const side: StreamCommandContext = { actor: context.actor, request: { merge: { duplicatePoiId, survivorPoiId } }, idempotencyKey: `merge:${duplicatePoiId}:${survivorPoiId}` };
    const duplicateSide = await this.streams.handle(personOfInterestStream, duplicatePoiId, { type: 'MergeInto', data: { survivorPoiId, reason } }, { ...side, reason: reason.trim() });
    const mergedInto = mergeEventOf(duplicateSide.stored) ?? mergeEventOf((await this.streams.load(personOfInterestStream, duplicatePoiId)).events);
    if (!mergedInto) throw new Error(`Person of interest ${duplicatePoiId} is merged but holds no merge event`);
    const survivorSide = await this.streams.handle(personOfInterestStream, survivorPoiId, absorb(mergedInto.data, duplicateSide.state.identifiers), {
      ...side,
      reason: mergedInto.data.reason,
      causationId: mergedInto.id,
    });
    // Already complete: the position of the survivor's side as it was stored, for `consistentWith`.
    const position =
      survivorSide.position ??
      (await this.streams.load(personOfInterestStream, survivorPoiId)).events.find((e) => e.type === 'PersonOfInterestMerged' && e.data.mergedPoiId === duplicatePoiId)?.position;
    return { poiId: survivorPoiId, mergedPoiId: duplicatePoiId, revision: survivorSide.revision, position, changed: duplicateSide.written || survivorSide.written };
  }
}

function mergeEventOf(events: readonly StoredEvent<PersonOfInterestEvent>[]): StoredEvent<PersonOfInterestMergedInto> | undefined {
  return events.find((e): e is StoredEvent<PersonOfInterestMergedInto> => e.type === 'PersonOfInterestMergedInto');
}
