import { deciderSpec } from '@app/common-testing';
import {
  GRADING_C,
  GRADING_P,
  ITEM_ID,
  ITEM_NOW,
  SANITISED_TEXT,
  aSourceDetailsRecorded,
  anInformationSubmitted,
  anIntelligenceGraded,
  anIntelligenceSanitised,
  onItem,
  submission,
  submitted,
} from './intelligence-item.builders';
import { intelligenceItemDecider } from './intelligence-item.decider';

const spec = deciderSpec(intelligenceItemDecider);
const graded = [...submitted(), anIntelligenceGraded()];
const sanitised = [...graded, anIntelligenceSanitised()];

describe('intelligence item decider', () => {
  describe('submission by a partner agency', () => {
    it('records the information and, in an event of their own, the source details', () => {
      spec.given([]).when(onItem('SubmitInformation', submission())).then([anInformationSubmitted(), aSourceDetailsRecorded()]);
    });

    it('keeps each subject once and stores an instant in canonical form', () => {
      const data = { ...submission(), knownAt: '2026-11-27T19:30:00+01:00', subjects: [...submission().subjects, { kind: 'location' as const, text: ' riverside  park ' }] };
      const [event] = intelligenceItemDecider.decide(onItem('SubmitInformation', data), intelligenceItemDecider.initialState());
      expect(event.data).toMatchObject({ knownAt: '2026-11-27T18:30:00.000Z', subjects: submission().subjects });
    });

    it('refuses information about nobody, a subject without its reference or text, and "other" without saying how', () => {
      spec.given([]).when(onItem('SubmitInformation', { ...submission(), subjects: [] })).thenRefuses('subject-required');
      spec.given([]).when(onItem('SubmitInformation', { ...submission(), subjects: [{ kind: 'poi', text: 'Danny' }] })).thenRefuses('subject-incomplete');
      spec.given([]).when(onItem('SubmitInformation', { ...submission(), howKnown: 'other' })).thenRefuses('how-known-detail-required');
    });

    it('refuses a knownAt in the future or not a date', () => {
      spec.given([]).when(onItem('SubmitInformation', { ...submission(), knownAt: '2026-11-29' })).thenRefuses('date-in-future');
      spec.given([]).when(onItem('SubmitInformation', { ...submission(), knownAt: '2026-02-30' })).thenRefuses('invalid-date');
    });

    it('refuses to submit the same item twice', () => {
      spec.given(submitted()).when(onItem('SubmitInformation', submission())).thenRefuses('item-already-submitted');
    });
  });

  describe('grading (3x5x2)', () => {
    it('grades with handling P', () => {
      spec.given(submitted()).when(onItem('GradeIntelligence', GRADING_P)).then([anIntelligenceGraded(GRADING_P)]);
    });

    it('grades with handling C and its written conditions', () => {
      spec.given(submitted()).when(onItem('GradeIntelligence', GRADING_C)).then([anIntelligenceGraded(GRADING_C)]);
    });

    it('refuses handling C without conditions, or with blank ones', () => {
      spec.given(submitted()).when(onItem('GradeIntelligence', { source: 1, assessment: 'A', handling: 'C' })).thenRefuses('handling-conditions-required');
      spec.given(submitted()).when(onItem('GradeIntelligence', { source: 1, assessment: 'A', handling: 'C', conditions: '   ' })).thenRefuses('handling-conditions-required');
    });

    it('refuses conditions on handling P', () => {
      spec.given(submitted()).when(onItem('GradeIntelligence', { ...GRADING_P, conditions: 'Police only' })).thenRefuses('conditions-need-handling-c');
    });

    it('refuses an unknown item and a second grading', () => {
      spec.given([]).when(onItem('GradeIntelligence', GRADING_P)).thenRefuses('item-not-found');
      spec.given(graded).when(onItem('GradeIntelligence', GRADING_C)).thenRefuses('already-graded');
    });
  });

  describe('regrading', () => {
    it('is an event with the previous grading and the reason', () => {
      spec
        .given(graded)
        .when(onItem('RegradeIntelligence', { ...GRADING_C, reason: 'Corroborated by a second partner' }))
        .then([{ type: 'IntelligenceRegraded', data: { itemId: ITEM_ID, grading: GRADING_C, previous: GRADING_P, reason: 'Corroborated by a second partner', regradedAt: ITEM_NOW } }]);
    });

    it('refuses a regrading without a reason, without a grading first, or changing nothing', () => {
      spec.given(graded).when(onItem('RegradeIntelligence', { ...GRADING_C, reason: ' ' })).thenRefuses('reason-required');
      spec.given(submitted()).when(onItem('RegradeIntelligence', { ...GRADING_C, reason: 'Corroborated' })).thenRefuses('not-graded');
      spec.given(graded).when(onItem('RegradeIntelligence', { ...GRADING_P, reason: 'Checked' })).thenRefuses('grading-unchanged');
    });

    it('keeps the rules of grading: C needs conditions', () => {
      spec.given(graded).when(onItem('RegradeIntelligence', { source: 1, assessment: 'A', handling: 'C', reason: 'Corroborated' })).thenRefuses('handling-conditions-required');
    });
  });

  describe('sanitising', () => {
    it('records the text that may be disseminated', () => {
      spec.given(graded).when(onItem('SanitiseIntelligence', { text: ` ${SANITISED_TEXT} ` })).then([anIntelligenceSanitised()]);
    });

    it("refuses a text carrying the source's name, whatever its case or spacing", () => {
      spec.given(graded).when(onItem('SanitiseIntelligence', { text: 'MORGAN  quill says a man picks girls up.' })).thenRefuses('source-identified');
    });

    it("refuses a text carrying part of the source's name, another recorded identifier, or a number written differently", () => {
      spec.given(graded).when(onItem('SanitiseIntelligence', { text: "Quill's friend says a man picks girls up." })).thenRefuses('source-identified');
      spec.given(graded).when(onItem('SanitiseIntelligence', { text: 'A pupil in year 10 at example school says so.' })).thenRefuses('source-identified');
      spec.given(graded).when(onItem('SanitiseIntelligence', { text: 'Call 07700-900-456 for more.' })).thenRefuses('source-identified');
    });

    it('does not mistake a longer word for a name', () => {
      spec.given(graded).when(onItem('SanitiseIntelligence', { text: 'Seen near the Quillfield estate.' })).then([anIntelligenceSanitised('Seen near the Quillfield estate.')]);
    });

    it('says what kind of identifier it found, never the value', () => {
      let message = '';
      try {
        intelligenceItemDecider.decide(onItem('SanitiseIntelligence', { text: 'Morgan Quill says so' }), graded.reduce(intelligenceItemDecider.evolve, intelligenceItemDecider.initialState()));
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toBe("The sanitised text would identify the source: it contains the source's name");
    });

    it('refuses before grading and after dissemination', () => {
      spec.given(submitted()).when(onItem('SanitiseIntelligence', { text: SANITISED_TEXT })).thenRefuses('not-graded');
      spec.given([...sanitised, disseminated()]).when(onItem('SanitiseIntelligence', { text: 'Another text' })).thenRefuses('already-disseminated');
    });

    it('replaces the text before dissemination; the same text again changes nothing', () => {
      spec.given(sanitised).when(onItem('SanitiseIntelligence', { text: 'Shorter text.' })).then([anIntelligenceSanitised('Shorter text.')]);
      spec.given(sanitised).when(onItem('SanitiseIntelligence', { text: SANITISED_TEXT })).then([]);
    });
  });

  describe('dissemination', () => {
    it('carries the grading, handling conditions, sanitised text, subjects and urgency, and nothing sealed', () => {
      const history = [...submitted(), anIntelligenceGraded(GRADING_C), anIntelligenceSanitised()];
      spec
        .given(history)
        .when(onItem('DisseminateIntelligence', { urgent: true }))
        .then([
          {
            type: 'IntelligenceDisseminated',
            data: {
              itemId: ITEM_ID,
              grading: { source: 1, assessment: 'A', handling: 'C', code: '1/A/C' },
              handlingConditions: GRADING_C.conditions,
              text: SANITISED_TEXT,
              subjects: submission().subjects,
              urgent: true,
              knownAt: '2026-11-27',
              disseminatedAt: ITEM_NOW,
              dissemination: 1,
            },
          },
        ]);
      const [event] = intelligenceItemDecider.decide(onItem('DisseminateIntelligence', {}), history.reduce(intelligenceItemDecider.evolve, intelligenceItemDecider.initialState()));
      expect(JSON.stringify(event)).not.toMatch(/Morgan|Quill|900456|friend/i);
    });

    it('is not urgent unless asked', () => {
      spec.given(sanitised).when(onItem('DisseminateIntelligence', {})).then([disseminated()]);
    });

    it('refuses an item not graded or not sanitised', () => {
      spec.given(submitted()).when(onItem('DisseminateIntelligence', {})).thenRefuses('not-graded');
      spec.given(graded).when(onItem('DisseminateIntelligence', {})).thenRefuses('not-sanitised');
    });

    it('refuses a second dissemination', () => {
      spec.given([...sanitised, disseminated()]).when(onItem('DisseminateIntelligence', {})).thenRefuses('already-disseminated');
    });

    it('sends a disseminated item again when it is regraded, as its next dissemination with the new grading', () => {
      const later = '2026-11-29T09:00:00.000Z';
      spec
        .given([...sanitised, disseminated()])
        .when(onItem('RegradeIntelligence', { ...GRADING_C, source: 3, reason: 'Source found unreliable' }, later))
        .then([
          { type: 'IntelligenceRegraded', data: { itemId: ITEM_ID, grading: { ...GRADING_C, source: 3 }, previous: GRADING_P, reason: 'Source found unreliable', regradedAt: later } },
          {
            type: 'IntelligenceDisseminated',
            data: {
              ...disseminated().data,
              grading: { source: 3, assessment: 'A', handling: 'C', code: '3/A/C' },
              handlingConditions: GRADING_C.conditions,
              disseminatedAt: later,
              dissemination: 2,
            },
          },
        ]);
    });

    it('regrades an item not yet disseminated without sending anything', () => {
      const [only, ...rest] = intelligenceItemDecider.decide(
        onItem('RegradeIntelligence', { ...GRADING_P, source: 3, reason: 'Source found unreliable' }),
        sanitised.reduce(intelligenceItemDecider.evolve, intelligenceItemDecider.initialState()),
      );
      expect(only.type).toBe('IntelligenceRegraded');
      expect(rest).toEqual([]);
    });
  });

  describe("the police unit's acknowledgement", () => {
    const ack = (messageId = '0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b') => ({
      messageId,
      outcome: 'linked-to-operation' as const,
      operationRef: 'OP-KESTREL-2026',
      unit: { id: 'tvp-fib', officer: 'DC 4471' },
      acknowledgedAt: '2026-11-28T11:00:00.000Z',
      via: 'kafka' as const,
    });

    it('records the outcome of a disseminated item', () => {
      spec
        .given([...sanitised, disseminated()])
        .when(onItem('RecordPoliceAcknowledgement', ack()))
        .then([{ type: 'PoliceAcknowledgementRecorded', data: { itemId: ITEM_ID, ...ack(), recordedAt: ITEM_NOW } }]);
    });

    it('records the same acknowledgement message once', () => {
      const recorded = { type: 'PoliceAcknowledgementRecorded' as const, data: { itemId: ITEM_ID, ...ack(), recordedAt: ITEM_NOW } };
      spec.given([...sanitised, disseminated(), recorded]).when(onItem('RecordPoliceAcknowledgement', ack())).then([]);
      const { operationRef: _, ...actioned } = { ...ack('1e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b'), outcome: 'actioned' as const };
      spec
        .given([...sanitised, disseminated(), recorded])
        .when(onItem('RecordPoliceAcknowledgement', actioned))
        .then([{ type: 'PoliceAcknowledgementRecorded', data: { itemId: ITEM_ID, ...actioned, recordedAt: ITEM_NOW } }]);
    });

    it('refuses an item never disseminated, and an operation without its reference', () => {
      spec.given(sanitised).when(onItem('RecordPoliceAcknowledgement', ack())).thenRefuses('not-disseminated');
      spec.given([...sanitised, disseminated()]).when(onItem('RecordPoliceAcknowledgement', { ...ack(), operationRef: ' ' })).thenRefuses('operation-ref-required');
    });
  });
});

function disseminated() {
  return {
    type: 'IntelligenceDisseminated' as const,
    data: {
      itemId: ITEM_ID,
      grading: { source: 2 as const, assessment: 'B' as const, handling: 'P' as const, code: '2/B/P' },
      text: SANITISED_TEXT,
      subjects: submission().subjects,
      urgent: false,
      knownAt: '2026-11-27',
      disseminatedAt: ITEM_NOW,
      dissemination: 1,
    },
  };
}
