import { PersonOfInterestCommand, PersonOfInterestCommandEnvelope } from './person-of-interest.decider';
import { PersonOfInterestMerged, PersonOfInterestMergedInto, PersonOfInterestRecorded, PoiIdentifiers, VulnerableYoungPersonMarked } from './person-of-interest.events';

export const POI_ID = '5b0c7c4e-2d7a-4f4b-9a43-1f0b8f6f2a10';
export const OTHER_POI_ID = '9e1d2c3b-4a5f-4e6d-8c7b-0a9f8e7d6c51';
export const POI_CASE_ID = '6a1d3c2e-8f4b-4c1e-9d0a-5b2e7f9c8d11';
export const POI_NOW = '2026-11-28T10:00:00.000Z';

/** Fictional identifiers; override what a test is about. */
export function someIdentifiers(overrides: Partial<PoiIdentifiers> = {}): PoiIdentifiers {
  return {
    names: [
      { name: 'Dan Fictional', kind: 'name' },
      { name: 'Danny F', kind: 'alias' },
    ],
    approximateAge: 24,
    gender: 'male',
    addresses: [{ address: '1 Example Road, Bracknell', postcode: 'RG12 1AA' }],
    vehicles: [{ registration: 'AB12CDE', description: 'Black hatchback' }],
    phoneNumbers: ['07700 900123'],
    onlineIdentities: [{ platform: 'Snapchat', handle: 'danny_f_00' }],
    ...overrides,
  };
}

export function aPoiRecorded(overrides: Partial<PoiIdentifiers> = {}, poiId = POI_ID): PersonOfInterestRecorded {
  return { type: 'PersonOfInterestRecorded', data: { poiId, identifiers: someIdentifiers(overrides), recordedAt: POI_NOW } };
}

export function aPoiMergedInto(survivorPoiId = OTHER_POI_ID, poiId = POI_ID): PersonOfInterestMergedInto {
  return { type: 'PersonOfInterestMergedInto', data: { poiId, survivorPoiId, reason: 'Same person: matching phone and vehicle', mergedAt: POI_NOW } };
}

export function aPoiMerged(mergedPoiId = OTHER_POI_ID, mergedIdentifiers: PoiIdentifiers = someIdentifiers(), poiId = POI_ID): PersonOfInterestMerged {
  return { type: 'PersonOfInterestMerged', data: { poiId, mergedPoiId, mergedIdentifiers, reason: 'Same person: matching phone and vehicle', mergedAt: POI_NOW } };
}

export function aVulnerableYoungPersonMarked(): VulnerableYoungPersonMarked {
  return { type: 'VulnerableYoungPersonMarked', data: { poiId: POI_ID, note: 'Aged 17, himself groomed by older males', markedAt: POI_NOW } };
}

export function recordPoi(overrides: Partial<PoiIdentifiers> = {}, poiId = POI_ID): PersonOfInterestCommandEnvelope {
  return { type: 'RecordPersonOfInterest', data: { identifiers: someIdentifiers(overrides) }, poiId, now: POI_NOW };
}

/** Any other command, on the builders' POI (or another). */
export function onPoi<C extends Exclude<PersonOfInterestCommand, { type: 'RecordPersonOfInterest' }>>(
  type: C['type'],
  data: C['data'],
  poiId = POI_ID,
  now = POI_NOW,
): PersonOfInterestCommandEnvelope {
  return { type, data, poiId, now } as PersonOfInterestCommandEnvelope;
}
