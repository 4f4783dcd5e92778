import type { PersonalDataRules } from '@app/event-store';

/**
 * The personal data in intelligence events. A person of interest's identifiers and what is
 * recorded about them use the POI's key (`poi:{poiId}`); an item's text, its subjects' descriptions
 * and its source use the item's key (`intel:{itemId}`), which a retention review's disposal
 * destroys. Ids, codes, gradings and dates stay readable.
 */
const poi = ({ data }: { data: Record<string, unknown> }) => `poi:${String(data.poiId)}`;
const item = ({ data }: { data: Record<string, unknown> }) => `intel:${String(data.itemId)}`;

const identifiers = (at: string) => ['names', 'dateOfBirth', 'addresses', 'vehicles', 'phoneNumbers', 'onlineIdentities'].map((f) => `${at}.${f}`);

export const INTELLIGENCE_PERSONAL_DATA: PersonalDataRules = {
  PersonOfInterestRecorded: { subject: poi, fields: identifiers('identifiers') },
  PersonOfInterestIdentifiersAdded: { subject: poi, fields: identifiers('added') },
  PersonOfInterestMerged: { subject: poi, fields: identifiers('mergedIdentifiers') },
  PersonOfInterestLinked: { subject: poi, fields: ['detail'] },
  VulnerableYoungPersonMarked: { subject: poi, fields: ['note'] },
  DisengagementInterventionRecorded: { subject: poi, fields: ['intervention', 'outcome'] },
  DisruptionRecorded: { subject: poi, fields: ['notes'] },
  InformationSubmitted: { subject: item, fields: ['information', 'subjects.*.text', 'howKnownDetail'] },
  SourceDetailsRecorded: { subject: item, fields: ['source'] },
  IntelligenceSanitised: { subject: item, fields: ['text'] },
  IntelligenceDisseminated: { subject: item, fields: ['text', 'subjects.*.text'] },
};
