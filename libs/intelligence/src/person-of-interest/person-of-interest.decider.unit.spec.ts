import { deciderSpec } from '@app/common-testing';
import {
  OTHER_POI_ID,
  POI_CASE_ID,
  POI_ID,
  POI_NOW,
  aPoiMerged,
  aPoiMergedInto,
  aPoiRecorded,
  aVulnerableYoungPersonMarked,
  onPoi,
  recordPoi,
  someIdentifiers,
} from './person-of-interest.builders';
import { personOfInterestDecider } from './person-of-interest.decider';

const spec = deciderSpec(personOfInterestDecider);
const recorded = aPoiRecorded();
const LINK_ID = '0d9c8b7a-6f5e-4d3c-8b2a-190f8e7d6c5b';

describe('person of interest decider', () => {
  describe('recording', () => {
    it('records a POI with names and aliases, age, gender, addresses, vehicles, phones and online identities', () => {
      spec.given([]).when(recordPoi()).then([recorded]);
    });

    it('keeps each identifier once, however it is written', () => {
      spec
        .given([])
        .when(
          recordPoi({
            names: [
              { name: ' Dan  Fictional', kind: 'name' },
              { name: 'dan fictional', kind: 'alias' },
              { name: 'Danny F', kind: 'alias' },
            ],
            addresses: [{ address: '1 Example Road, Bracknell', postcode: 'rg121aa' }, { address: '1 example road bracknell', postcode: 'RG12 1AA' }],
            vehicles: [{ registration: 'ab12 cde', description: 'Black hatchback' }, { registration: 'AB12CDE' }],
            phoneNumbers: ['07700 900123', '07700900123'],
            onlineIdentities: [{ platform: 'Snapchat', handle: 'danny_f_00' }, { platform: 'snapchat', handle: '@Danny_F_00' }],
          }),
        )
        .then([aPoiRecorded()]);
    });

    it('refuses a POI without a name or alias, and a date of birth in the future or not a date', () => {
      spec.given([]).when(recordPoi({ names: [] })).thenRefuses('name-required');
      spec.given([]).when(recordPoi({ dateOfBirth: '2026-12-01' })).thenRefuses('date-in-future');
      spec.given([]).when(recordPoi({ dateOfBirth: '2001-02-29' })).thenRefuses('invalid-date');
    });

    it('refuses to record the same POI twice', () => {
      spec.given([recorded]).when(recordPoi()).thenRefuses('poi-already-recorded');
    });
  });

  describe('adding identifiers', () => {
    it('records only what is new', () => {
      spec
        .given([recorded])
        .when(
          onPoi('AddIdentifiers', {
            identifiers: {
              names: [{ name: 'DANNY F', kind: 'alias' }, { name: 'D-Man', kind: 'alias' }],
              phoneNumbers: ['07700 900123', '07700 900999'],
              dateOfBirth: '2002-03-04',
            },
          }),
        )
        .then([
          {
            type: 'PersonOfInterestIdentifiersAdded',
            data: { poiId: POI_ID, added: { names: [{ name: 'D-Man', kind: 'alias' }], phoneNumbers: ['07700 900999'], dateOfBirth: '2002-03-04' }, addedAt: POI_NOW },
          },
        ]);
    });

    it('records nothing when nothing is new', () => {
      spec.given([recorded]).when(onPoi('AddIdentifiers', { identifiers: { vehicles: [{ registration: 'ab12cde' }] } })).then([]);
    });

    it('refuses a different date of birth or gender than the one on record', () => {
      spec.given([aPoiRecorded({ dateOfBirth: '2002-03-04' })]).when(onPoi('AddIdentifiers', { identifiers: { dateOfBirth: '2002-03-05' } })).thenRefuses('identifier-conflict');
      spec.given([recorded]).when(onPoi('AddIdentifiers', { identifiers: { gender: 'female' } })).thenRefuses('identifier-conflict');
    });

    it('refuses an unknown POI', () => {
      spec.given([]).when(onPoi('AddIdentifiers', { identifiers: { phoneNumbers: ['07700 900999'] } })).thenRefuses('poi-not-found');
    });
  });

  describe('merging duplicates', () => {
    const duplicate = aPoiRecorded({ names: [{ name: 'Daniel Fictional', kind: 'name' }], phoneNumbers: ['07700 900777'] }, OTHER_POI_ID);

    it('marks the duplicate as merged into the survivor, with the reason', () => {
      spec
        .given([duplicate])
        .when(onPoi('MergeInto', { survivorPoiId: POI_ID, reason: 'Same phone and car' }, OTHER_POI_ID))
        .then([{ type: 'PersonOfInterestMergedInto', data: { poiId: OTHER_POI_ID, survivorPoiId: POI_ID, reason: 'Same phone and car', mergedAt: POI_NOW } }]);
    });

    it("gives the survivor the duplicate's identifiers", () => {
      const merged = aPoiMerged(OTHER_POI_ID, duplicate.data.identifiers);
      spec
        .given([recorded])
        .when(onPoi('AbsorbMerged', { mergedPoiId: OTHER_POI_ID, mergedIdentifiers: duplicate.data.identifiers, reason: merged.data.reason, mergedAt: POI_NOW }))
        .then([merged]);
      const state = [recorded, merged].reduce(personOfInterestDecider.evolve, personOfInterestDecider.initialState());
      expect(state.identifiers.names.map((n) => n.name)).toEqual(['Dan Fictional', 'Danny F', 'Daniel Fictional']);
      expect(state.identifiers.phoneNumbers).toEqual(['07700 900123', '07700 900777']);
    });

    it('a merged duplicate refuses every further change, naming the survivor', () => {
      const merged = [recorded, aPoiMergedInto(OTHER_POI_ID)];
      spec.given(merged).when(onPoi('AddIdentifiers', { identifiers: { phoneNumbers: ['07700 900999'] } })).thenRefuses('poi-merged');
      spec.given(merged).when(onPoi('RecordDisruption', { disruptionId: LINK_ID, kind: 'arrest', on: '2026-11-01' })).thenRefuses('poi-merged');
      spec.given(merged).when(onPoi('AbsorbMerged', { mergedPoiId: LINK_ID, mergedIdentifiers: someIdentifiers(), reason: 'x', mergedAt: POI_NOW })).thenRefuses('poi-merged');
      spec.given(merged).when(onPoi('MergeInto', { survivorPoiId: LINK_ID, reason: 'x' })).thenRefuses('poi-merged');
      expect(() => personOfInterestDecider.decide(onPoi('AddIdentifiers', { identifiers: {} }), merged.reduce(personOfInterestDecider.evolve, personOfInterestDecider.initialState()))).toThrow(
        `Person of interest ${POI_ID} was merged into ${OTHER_POI_ID}: record changes there`,
      );
    });

    it('repeating the same merge changes nothing on either side (how an interrupted merge completes)', () => {
      spec.given([recorded, aPoiMergedInto(OTHER_POI_ID)]).when(onPoi('MergeInto', { survivorPoiId: OTHER_POI_ID, reason: 'again' })).then([]);
      spec
        .given([recorded, aPoiMerged(OTHER_POI_ID)])
        .when(onPoi('AbsorbMerged', { mergedPoiId: OTHER_POI_ID, mergedIdentifiers: someIdentifiers(), reason: 'again', mergedAt: POI_NOW }))
        .then([]);
    });

    it('refuses merging a POI into itself, a merge without a reason, and an unknown POI', () => {
      spec.given([recorded]).when(onPoi('MergeInto', { survivorPoiId: POI_ID, reason: 'x' })).thenRefuses('merge-into-self');
      spec.given([recorded]).when(onPoi('AbsorbMerged', { mergedPoiId: POI_ID, mergedIdentifiers: someIdentifiers(), reason: 'x', mergedAt: POI_NOW })).thenRefuses('merge-into-self');
      spec.given([recorded]).when(onPoi('MergeInto', { survivorPoiId: OTHER_POI_ID, reason: '  ' })).thenRefuses('reason-required');
      spec.given([]).when(onPoi('MergeInto', { survivorPoiId: OTHER_POI_ID, reason: 'x' })).thenRefuses('poi-not-found');
    });
  });

  describe('links', () => {
    it("links to a child's case, a place (with its graph key) and another POI, with the nature of the link", () => {
      spec
        .given([recorded])
        .when(onPoi('LinkPersonOfInterest', { linkId: LINK_ID, target: { kind: 'case', caseId: POI_CASE_ID }, nature: 'suspected-exploiter' }))
        .then([{ type: 'PersonOfInterestLinked', data: { poiId: POI_ID, linkId: LINK_ID, target: { kind: 'case', caseId: POI_CASE_ID }, nature: 'suspected-exploiter', linkedAt: POI_NOW } }]);
      spec
        .given([recorded])
        .when(onPoi('LinkPersonOfInterest', { linkId: LINK_ID, target: { kind: 'location', location: { kind: 'park', name: ' Riverside  Park', postcode: 'rg12 1aa' } }, nature: 'frequents' }))
        .then([
          {
            type: 'PersonOfInterestLinked',
            data: {
              poiId: POI_ID,
              linkId: LINK_ID,
              target: { kind: 'location', location: { kind: 'park', name: 'Riverside Park', postcode: 'RG12 1AA' }, locationKey: 'park:riverside park|RG121AA' },
              nature: 'frequents',
              linkedAt: POI_NOW,
            },
          },
        ]);
      spec
        .given([recorded])
        .when(onPoi('LinkPersonOfInterest', { linkId: LINK_ID, target: { kind: 'poi', poiId: OTHER_POI_ID }, nature: 'other', detail: 'Cousin; share a flat' }))
        .then([
          {
            type: 'PersonOfInterestLinked',
            data: { poiId: POI_ID, linkId: LINK_ID, target: { kind: 'poi', poiId: OTHER_POI_ID }, nature: 'other', detail: 'Cousin; share a flat', linkedAt: POI_NOW },
          },
        ]);
    });

    it('records the same link once', () => {
      const link = { linkId: LINK_ID, target: { kind: 'location' as const, location: { kind: 'hotel' as const, name: 'Example Hotel' } }, nature: 'frequents' as const };
      const [event] = personOfInterestDecider.decide(onPoi('LinkPersonOfInterest', link), personOfInterestDecider.evolve(personOfInterestDecider.initialState(), recorded));
      spec
        .given([recorded, event])
        .when(onPoi('LinkPersonOfInterest', { ...link, linkId: POI_CASE_ID, target: { kind: 'location', location: { kind: 'hotel', name: 'example hotel' } } }))
        .then([]);
    });

    it('refuses a link to itself and "other" without saying what', () => {
      spec.given([recorded]).when(onPoi('LinkPersonOfInterest', { linkId: LINK_ID, target: { kind: 'poi', poiId: POI_ID }, nature: 'associate' })).thenRefuses('link-to-self');
      spec
        .given([recorded, aPoiMerged(OTHER_POI_ID)])
        .when(onPoi('LinkPersonOfInterest', { linkId: LINK_ID, target: { kind: 'poi', poiId: OTHER_POI_ID }, nature: 'associate' }))
        .thenRefuses('link-to-self');
      spec.given([recorded]).when(onPoi('LinkPersonOfInterest', { linkId: LINK_ID, target: { kind: 'case', caseId: POI_CASE_ID }, nature: 'other' })).thenRefuses('link-detail-required');
    });
  });

  describe('a vulnerable young person and disengagement (action 4.3)', () => {
    const intervention = { interventionId: LINK_ID, agency: 'Youth offending service', intervention: 'Mentoring, weekly', startedOn: '2026-10-01', endedOn: '2026-11-20', outcome: 'Engaged; no further contact with the group' };

    it('marks the POI, once', () => {
      spec.given([recorded]).when(onPoi('MarkVulnerableYoungPerson', { note: 'Aged 17, himself groomed by older males' })).then([aVulnerableYoungPersonMarked()]);
      spec.given([recorded, aVulnerableYoungPersonMarked()]).when(onPoi('MarkVulnerableYoungPerson', { note: 'Again' })).then([]);
    });

    it('records an intervention: agency, what, dates, outcome', () => {
      spec
        .given([recorded, aVulnerableYoungPersonMarked()])
        .when(onPoi('RecordDisengagementIntervention', intervention))
        .then([{ type: 'DisengagementInterventionRecorded', data: { poiId: POI_ID, ...intervention, recordedAt: POI_NOW } }]);
    });

    it('refuses an intervention for a POI not marked, ending before it started, or dated in the future', () => {
      spec.given([recorded]).when(onPoi('RecordDisengagementIntervention', intervention)).thenRefuses('not-a-vulnerable-young-person');
      spec.given([recorded, aVulnerableYoungPersonMarked()]).when(onPoi('RecordDisengagementIntervention', { ...intervention, endedOn: '2026-09-30' })).thenRefuses('ended-before-started');
      spec.given([recorded, aVulnerableYoungPersonMarked()]).when(onPoi('RecordDisengagementIntervention', { ...intervention, startedOn: '2026-11-29', endedOn: undefined })).thenRefuses('date-in-future');
    });
  });

  describe('disruption (action 4.5)', () => {
    it('records notices, orders, arrests, charges and outcomes with date and reference', () => {
      spec
        .given([recorded])
        .when(onPoi('RecordDisruption', { disruptionId: LINK_ID, kind: 'child-abduction-warning-notice', on: '2026-11-02', reference: 'CAWN/2026/0042', notes: ' Served in person ' }))
        .then([
          {
            type: 'DisruptionRecorded',
            data: { poiId: POI_ID, disruptionId: LINK_ID, kind: 'child-abduction-warning-notice', on: '2026-11-02', reference: 'CAWN/2026/0042', notes: 'Served in person', recordedAt: POI_NOW },
          },
        ]);
    });

    it('refuses an outcome that does not say what it was, and a date in the future', () => {
      spec.given([recorded]).when(onPoi('RecordDisruption', { disruptionId: LINK_ID, kind: 'outcome', on: '2026-11-02' })).thenRefuses('outcome-notes-required');
      spec.given([recorded]).when(onPoi('RecordDisruption', { disruptionId: LINK_ID, kind: 'arrest', on: '2026-11-29' })).thenRefuses('date-in-future');
    });
  });
});
