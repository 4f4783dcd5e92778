import { deciderSpec } from '@app/common-testing';
import {
  EPISODE_CASE_ID,
  EPISODE_ID,
  EPISODE_NOW,
  aChildReturned,
  aMissingEpisodeReported,
  aReturnInterviewHeld,
  onEpisode,
  reportMissingEpisode,
} from './missing-episode.builders';
import { missingEpisodeDecider } from './missing-episode.decider';

const spec = deciderSpec(missingEpisodeDecider);
const ids = { caseId: EPISODE_CASE_ID, episodeId: EPISODE_ID };
const reported = aMissingEpisodeReported();
const returned = aChildReturned();
const returnData = { returnedAt: returned.data.returnedAt, whereFound: 'Town centre car park', foundWith: 'Two older males', returnedBy: 'Police' };

describe('missing episode decider', () => {
  describe('reporting', () => {
    it('reports an episode with its category, risk level, concern and push and pull factors', () => {
      spec.given([]).when(reportMissingEpisode()).then([reported]);
    });

    it('records each factor once, without blanks', () => {
      spec
        .given([])
        .when(reportMissingEpisode({ pushFactors: [' Conflict with staff ', 'Conflict with staff', ''], pullFactors: [] }))
        .then([aMissingEpisodeReported({ pushFactors: ['Conflict with staff'], pullFactors: [] })]);
    });

    it('stores instants in one canonical form', () => {
      spec
        .given([])
        .when(reportMissingEpisode({ lastSeenAt: '2026-11-26T22:00:00+01:00' }))
        .then([aMissingEpisodeReported({ lastSeenAt: '2026-11-26T21:00:00.000Z' })]);
    });

    it('refuses to report the same episode twice', () => {
      spec.given([reported]).when(reportMissingEpisode()).thenRefuses('missing-episode-already-reported');
    });

    it('refuses a last sighting in the future, and a police report before the last sighting or in the future', () => {
      spec.given([]).when(reportMissingEpisode({ lastSeenAt: '2026-11-28T10:00:00.001Z', reportedToPoliceAt: undefined })).thenRefuses('last-seen-in-future');
      spec.given([]).when(reportMissingEpisode({ reportedToPoliceAt: '2026-11-26T20:59:59.999Z' })).thenRefuses('reported-before-last-seen');
      spec.given([]).when(reportMissingEpisode({ reportedToPoliceAt: '2026-11-29T00:00:00.000Z' })).thenRefuses('reported-in-future');
    });
  });

  describe('updating', () => {
    it('records only what changed, with the note', () => {
      spec
        .given([reported])
        .when(onEpisode('UpdateMissingEpisode', { riskLevel: 'high', concerning: true, concernNote: 'Seen getting into a car', policeCategory: 'missing', note: 'Police intelligence' }))
        .then([
          {
            type: 'MissingEpisodeUpdated',
            data: { ...ids, riskLevel: 'high', concerning: true, concernNote: 'Seen getting into a car', note: 'Police intelligence', updatedAt: EPISODE_NOW },
          },
        ]);
    });

    it('writes nothing when nothing changes', () => {
      spec.given([reported]).when(onEpisode('UpdateMissingEpisode', { riskLevel: 'medium', pushFactors: ['Conflict with staff'], note: 'Reviewed' })).then([]);
    });

    it('needs a note, and an episode that exists', () => {
      spec.given([reported]).when(onEpisode('UpdateMissingEpisode', { riskLevel: 'high', note: ' ' })).thenRefuses('note-missing');
      spec.given([]).when(onEpisode('UpdateMissingEpisode', { riskLevel: 'high', note: 'x' })).thenRefuses('missing-episode-not-found');
    });
  });

  describe('the return', () => {
    it('records the return, where and with whom the child was found, and when the interview is due (72 hours)', () => {
      spec.given([reported]).when(onEpisode('RecordReturn', returnData)).then([returned]);
    });

    it('dates the interview by the configured period', () => {
      spec
        .given([reported])
        .when(onEpisode('RecordReturn', returnData, EPISODE_NOW, 48))
        .then([aChildReturned({ interviewDueAt: '2026-11-29T15:00:00.000Z' })]);
    });

    it('accepts a return at the very moment last seen, refuses one a millisecond before', () => {
      const lastSeenAt = reported.data.lastSeenAt;
      spec
        .given([reported])
        .when(onEpisode('RecordReturn', { ...returnData, returnedAt: lastSeenAt }))
        .then([aChildReturned({ returnedAt: lastSeenAt, interviewDueAt: '2026-11-29T21:00:00.000Z' })]);
      spec.given([reported]).when(onEpisode('RecordReturn', { ...returnData, returnedAt: '2026-11-26T20:59:59.999Z' })).thenRefuses('returned-before-last-seen');
    });

    it('refuses a second return, a return in the future, and a return from an episode never reported', () => {
      spec.given([reported, returned]).when(onEpisode('RecordReturn', returnData)).thenRefuses('child-already-returned');
      spec.given([reported]).when(onEpisode('RecordReturn', { ...returnData, returnedAt: '2026-11-28T10:00:00.001Z' })).thenRefuses('return-in-future');
      spec.given([]).when(onEpisode('RecordReturn', returnData)).thenRefuses('missing-episode-not-found');
    });
  });

  describe('the return home interview', () => {
    const held = aReturnInterviewHeld();
    const heldData = { heldAt: held.data.heldAt, heldBy: held.data.heldBy, where: held.data.where, learned: held.data.learned };
    const notHeld = { reason: 'Child declined', attempts: [{ at: '2026-11-28T09:00:00.000Z', by: 'RHI worker', outcome: 'Declined at the door' }] };

    it('records an interview held: by whom, when, where, what was learned', () => {
      spec.given([reported, returned]).when(onEpisode('RecordReturnInterview', heldData)).then([held]);
    });

    it('records an interview not held: why, and the attempts in order', () => {
      const attempts = [
        { at: '2026-11-28T09:00:00.000Z', by: 'RHI worker', outcome: 'Declined at the door' },
        { at: '2026-11-27T18:00:00.000Z', by: 'RHI worker', outcome: 'No answer' },
      ];
      spec
        .given([reported, returned])
        .when(onEpisode('RecordReturnInterviewNotHeld', { reason: 'Child declined', attempts }))
        .then([{ type: 'ReturnInterviewNotHeld', data: { ...ids, reason: 'Child declined', attempts: [attempts[1], attempts[0]], recordedAt: EPISODE_NOW } }]);
    });

    it('refuses an interview before the return is recorded, or held before the return', () => {
      spec.given([reported]).when(onEpisode('RecordReturnInterview', heldData)).thenRefuses('child-not-returned');
      spec.given([reported]).when(onEpisode('RecordReturnInterviewNotHeld', notHeld)).thenRefuses('child-not-returned');
      spec.given([reported, returned]).when(onEpisode('RecordReturnInterview', { ...heldData, heldAt: '2026-11-27T14:59:59.999Z' })).thenRefuses('interview-before-return');
      spec
        .given([reported, returned])
        .when(onEpisode('RecordReturnInterviewNotHeld', { ...notHeld, attempts: [{ ...notHeld.attempts[0], at: '2026-11-27T14:00:00.000Z' }] }))
        .thenRefuses('attempt-before-return');
    });

    it('refuses interviews and attempts dated in the future', () => {
      spec.given([reported, returned]).when(onEpisode('RecordReturnInterview', { ...heldData, heldAt: '2026-11-28T10:00:00.001Z' })).thenRefuses('interview-in-future');
      spec
        .given([reported, returned])
        .when(onEpisode('RecordReturnInterviewNotHeld', { ...notHeld, attempts: [{ ...notHeld.attempts[0], at: '2026-11-29T00:00:00.000Z' }] }))
        .thenRefuses('attempt-in-future');
    });

    it('refuses a second record once held, but takes a late interview after one recorded as not held', () => {
      const notHeldEvent = { type: 'ReturnInterviewNotHeld', data: { ...ids, ...notHeld, recordedAt: EPISODE_NOW } } as const;
      spec.given([reported, returned, held]).when(onEpisode('RecordReturnInterview', heldData)).thenRefuses('return-interview-already-held');
      spec.given([reported, returned, held]).when(onEpisode('RecordReturnInterviewNotHeld', notHeld)).thenRefuses('return-interview-already-recorded');
      spec.given([reported, returned, notHeldEvent]).when(onEpisode('RecordReturnInterviewNotHeld', notHeld)).thenRefuses('return-interview-already-recorded');
      spec.given([reported, returned, notHeldEvent]).when(onEpisode('RecordReturnInterview', heldData)).then([held]);
    });
  });
});
