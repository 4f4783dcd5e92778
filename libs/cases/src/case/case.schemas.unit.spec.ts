import { Decider, eventProblems } from '@app/common/domain';
import { aRiskAssessed, assessRisk } from '../risk/risk.builders';
import { EPISODE_NOW, aChildReturned, aMissingEpisodeReported, aReturnInterviewHeld, onEpisode, reportMissingEpisode } from '../missing-episode/missing-episode.builders';
import { missingEpisodeDecider } from '../missing-episode/missing-episode.decider';
import { MISSING_EPISODE_EVENT_TYPES } from '../missing-episode/missing-episode.events';
import { missingEpisodeEventSchemas } from '../missing-episode/missing-episode.schemas';
import {
  BEFORE,
  CO_CHAIRS_PRESENT,
  CSC_CHAIR,
  DURING,
  POLICE_CHAIR,
  SCHEDULED_FOR,
  aCaseDiscussionRecorded,
  aDiscussion,
  aMeetingScheduled,
  anAction,
  anAttendanceRecorded,
  onMeeting,
} from '../semrac-meeting/semrac-meeting.builders';
import { semracMeetingDecider } from '../semrac-meeting/semrac-meeting.decider';
import { SEMRAC_MEETING_EVENT_TYPES } from '../semrac-meeting/semrac-meeting.events';
import { semracMeetingEventSchemas } from '../semrac-meeting/semrac-meeting.schemas';
import { NOW, aReferralReceived, onCase, receiveReferral } from './case.builders';
import { caseDecider } from './case.decider';
import { CASE_EVENT_TYPES } from './case.events';
import { caseEventSchemas } from './case.schemas';

/** Every event a decider emits over a story of commands, each decided on the state the earlier ones made. */
function story<C, E extends { type: string }, S>(decider: Decider<C, E, S>, commands: C[]): E[] {
  let state = decider.initialState();
  const emitted: E[] = [];
  for (const command of commands) {
    for (const event of decider.decide(command, state)) {
      emitted.push(event);
      state = decider.evolve(state, event);
    }
  }
  return emitted;
}

const later = '2026-11-29T10:00:00.000Z';

describe('case event schemas', () => {
  it('allow every event the case decider emits, of every type', () => {
    const events = story(caseDecider, [
      receiveReferral(),
      onCase('SetFlag', { flag: 'child-witness', note: 'Special measures agreed with the officer in case' }),
      onCase('ClearFlag', { flag: 'child-witness', reason: 'Trial concluded' }),
      onCase('LinkCases', { linkedCaseId: 'c2d3e4f5-0000-4000-8000-000000000002', kind: 'sibling' }),
      onCase('NameLeadProfessional', { agencyId: 'bf-csc', agencyName: "Children's Social Care", name: 'Alex Lead', role: 'Social worker' }),
      onCase('ListForSemrac', { rule: 'missing-repeatedly', detail: { summary: '3 episodes in 90 days', episodeIds: ['e1', 'e2', 'e3'] }, triggeredBy: 'ev-1' }),
      onCase('RecordSemracDiscussion', { meetingId: 'm-1', agreedRiskLevel: 'moderate', decisions: ['Safety plan'], actionIds: ['a-1'], discussedAt: NOW }),
      onCase('RecordSupportPlan', {
        objectives: ['Attends school full time'],
        interventions: [{ agencyId: 'bf-csc', description: 'Weekly direct work', frequency: 'weekly' }],
        reviewDate: '2027-02-28',
        meetingId: 'm-1',
      }),
      onCase('RecordSafetyPlan', { investigationRef: 'TVP-43210001234', measures: ['Not to travel alone'], contacts: [{ role: 'Officer in case', agencyId: 'tvp' }], reviewDate: '2026-12-12' }),
      assessRisk(),
      assessRisk({ assessmentId: 'b7e0c1d2-0000-4000-8000-000000000003', disclosure: true, disclosureDetails: 'Told the school nurse.' }),
      onCase('CloseCase', { reason: 'Plan complete' }),
      onCase('ReopenCase', { reason: 'New concern' }, later),
      onCase('CloseCase', { reason: 'Plan complete again' }, later),
      receiveReferral({ referralId: 'd4e5f6a7-0000-4000-8000-000000000004', opensCase: false }, later),
    ]);

    expect([...new Set(events.map((e) => e.type))].sort()).toEqual([...CASE_EVENT_TYPES].sort());
    for (const event of events) expect({ type: event.type, problems: eventProblems(caseEventSchemas, event) }).toEqual({ type: event.type, problems: [] });
  });

  it("allow the builders' events", () => {
    for (const event of [aReferralReceived(), aRiskAssessed(), aRiskAssessed({ disclosure: true, disclosureDetails: 'Told the school nurse.' })]) {
      expect(eventProblems(caseEventSchemas, event)).toEqual([]);
    }
  });

  it('refuse a risk assessment without its assessor, naming the field (it froze the case view for the whole board)', () => {
    const { assessor: _left, ...withoutAssessor } = aRiskAssessed().data;
    expect(eventProblems(caseEventSchemas, { type: 'RiskAssessed', data: withoutAssessor })).toEqual([{ field: 'assessor', problems: [expect.any(String)] }]);

    const { agencyName: _name, ...partial } = aRiskAssessed().data.assessor;
    expect(eventProblems(caseEventSchemas, { type: 'RiskAssessed', data: { ...aRiskAssessed().data, assessor: partial } }).map((p) => p.field)).toEqual([
      'assessor.agencyName',
    ]);
  });

  it('refuse codes that are not on their list, and nested data every reader relies on when missing', () => {
    const referral = aReferralReceived().data;
    expect(eventProblems(caseEventSchemas, { type: 'ReferralReceived', data: { ...referral, vulnerabilities: ['V-NOT-A-CODE'] } }).map((p) => p.field)).toEqual([
      'vulnerabilities.0',
    ]);
    const { child: _child, ...withoutChild } = referral;
    expect(eventProblems(caseEventSchemas, { type: 'ReferralReceived', data: withoutChild }).map((p) => p.field)).toEqual(['child']);
    expect(eventProblems(caseEventSchemas, { type: 'CaseFlagSet', data: { caseId: referral.caseId, flag: 'not-a-flag' } }).map((p) => p.field)).toEqual(['flag']);
    const { breakdown: _breakdown, ...withoutBreakdown } = aRiskAssessed().data;
    expect(eventProblems(caseEventSchemas, { type: 'RiskAssessed', data: withoutBreakdown }).map((p) => p.field)).toEqual(['breakdown']);
  });

  it('allow fields a decider carries beyond the type (no strict objects)', () => {
    expect(eventProblems(caseEventSchemas, { type: 'CaseClosed', data: { caseId: 'c-1', reason: 'Done', closedAt: NOW, extra: 1 } })).toEqual([]);
  });
});

describe('missing episode event schemas', () => {
  it('allow every event the missing episode decider emits, of every type', () => {
    const returned = '2026-11-27T15:00:00.000Z';
    const withInterview = story(missingEpisodeDecider, [
      reportMissingEpisode({ concerning: true, concernNote: 'Seen getting into a car' }),
      onEpisode('UpdateMissingEpisode', { riskLevel: 'high', pushFactors: ['Conflict with staff', 'Exclusion'], note: 'New information from school' }),
      onEpisode('RecordReturn', { returnedAt: returned, whereFound: 'Town centre', foundWith: 'Two older males', returnedBy: 'Police' }),
      onEpisode('RecordReturnInterview', { heldAt: '2026-11-28T09:00:00.000Z', heldBy: { name: 'RHI worker', agencyId: 'bf-rhi' }, where: 'At school', learned: 'Given alcohol.' }),
    ]);
    const notHeld = story(missingEpisodeDecider, [
      reportMissingEpisode({ reportedToPoliceAt: undefined, missingFromDetail: undefined }),
      onEpisode('RecordReturn', { returnedAt: returned, whereFound: 'Home' }),
      onEpisode('RecordReturnInterviewNotHeld', { reason: 'Declined', attempts: [{ at: EPISODE_NOW, by: 'RHI worker', outcome: 'Declined at the door' }] }),
    ]);
    const events = [...withInterview, ...notHeld, aMissingEpisodeReported(), aChildReturned(), aReturnInterviewHeld()];

    expect([...new Set(events.map((e) => e.type))].sort()).toEqual([...MISSING_EPISODE_EVENT_TYPES].sort());
    for (const event of events) expect({ type: event.type, problems: eventProblems(missingEpisodeEventSchemas, event) }).toEqual({ type: event.type, problems: [] });
  });

  it('refuse an episode without its case', () => {
    const { caseId: _caseId, ...withoutCase } = aMissingEpisodeReported().data;
    expect(eventProblems(missingEpisodeEventSchemas, { type: 'MissingEpisodeReported', data: withoutCase }).map((p) => p.field)).toEqual(['caseId']);
  });
});

describe('SEMRAC meeting event schemas', () => {
  it('allow every event the meeting decider emits, of every type', () => {
    const actionId = anAction().actionId;
    const events = story(semracMeetingDecider, [
      onMeeting('ScheduleMeeting', { scheduledFor: SCHEDULED_FOR, venue: 'Time Square, Bracknell', coChairs: [CSC_CHAIR, POLICE_CHAIR] }, BEFORE),
      onMeeting('RecordAttendance', { attendees: CO_CHAIRS_PRESENT }),
      onMeeting('RecordCaseDiscussion', aDiscussion()),
      onMeeting('ChangeActionStatus', { actionId, status: 'in-progress' }),
      onMeeting('ChangeActionStatus', { actionId, status: 'cancelled', note: 'Superseded by the safety plan' }),
      onMeeting('CloseMeeting', { note: 'All cases heard' }, DURING),
    ]);
    const all = [...events, aMeetingScheduled(), anAttendanceRecorded(), aCaseDiscussionRecorded()];

    expect([...new Set(all.map((e) => e.type))].sort()).toEqual([...SEMRAC_MEETING_EVENT_TYPES].sort());
    for (const event of all) expect({ type: event.type, problems: eventProblems(semracMeetingEventSchemas, event) }).toEqual({ type: event.type, problems: [] });
  });

  it('refuse an action without its owner agency', () => {
    const { ownerAgencyId: _owner, ...withoutOwner } = anAction();
    const data = { ...aCaseDiscussionRecorded().data, actions: [withoutOwner] };
    expect(eventProblems(semracMeetingEventSchemas, { type: 'CaseDiscussionRecorded', data }).map((p) => p.field)).toEqual(['actions.0.ownerAgencyId']);
  });
});
