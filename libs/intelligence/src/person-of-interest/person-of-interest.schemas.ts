import { z } from 'zod';
import type { EventSchemas } from '@app/common';
import { DISRUPTION_KIND_CODES, LINK_NATURE_CODES, LOCATION_KIND_CODES, POI_GENDERS, PersonOfInterestEvent } from './person-of-interest.events';

const id = z.string().min(1);
const text = z.string().min(1);
/** The moment the write path decided the event (`now`, ISO 8601 in UTC). */
const instant = z.iso.datetime({ offset: true });
/** A calendar date (YYYY-MM-DD): the decider refuses any other form. */
const calendarDate = z.iso.date();

const names = z.array(z.object({ name: text, kind: z.enum(['name', 'alias']) }));
const addresses = z.array(z.object({ address: text, postcode: text.optional() }));
const vehicles = z.array(z.object({ registration: text, description: text.optional() }));
const phoneNumbers = z.array(text);
const onlineIdentities = z.array(z.object({ platform: text, handle: text }));
const dateOfBirth = calendarDate;
const approximateAge = z.number().int().positive();
const gender = z.enum(POI_GENDERS);

/** Every list present (possibly empty), as `cleanIdentifiers` gives them. */
const identifiers = z.object({
  names,
  dateOfBirth: dateOfBirth.optional(),
  approximateAge: approximateAge.optional(),
  gender: gender.optional(),
  addresses,
  vehicles,
  phoneNumbers,
  onlineIdentities,
});

/** Only what was new: any part may be absent. */
const addedIdentifiers = z.object({
  names: names.optional(),
  dateOfBirth: dateOfBirth.optional(),
  approximateAge: approximateAge.optional(),
  gender: gender.optional(),
  addresses: addresses.optional(),
  vehicles: vehicles.optional(),
  phoneNumbers: phoneNumbers.optional(),
  onlineIdentities: onlineIdentities.optional(),
});

const linkTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('case'), caseId: id }),
  z.object({ kind: z.literal('location'), location: z.object({ kind: z.enum(LOCATION_KIND_CODES), name: text, postcode: text.optional() }), locationKey: text }),
  z.object({ kind: z.literal('poi'), poiId: id }),
]);

/** What each event of a person of interest's stream holds: checked before it is stored. */
export const personOfInterestEventSchemas: EventSchemas<PersonOfInterestEvent> = {
  PersonOfInterestRecorded: z.object({ poiId: id, identifiers, recordedAt: instant }),
  PersonOfInterestIdentifiersAdded: z.object({ poiId: id, added: addedIdentifiers, addedAt: instant }),
  PersonOfInterestMerged: z.object({ poiId: id, mergedPoiId: id, mergedIdentifiers: identifiers, reason: text, mergedAt: instant }),
  PersonOfInterestMergedInto: z.object({ poiId: id, survivorPoiId: id, reason: text, mergedAt: instant }),
  PersonOfInterestLinked: z.object({ poiId: id, linkId: id, target: linkTarget, nature: z.enum(LINK_NATURE_CODES), detail: text.optional(), linkedAt: instant }),
  VulnerableYoungPersonMarked: z.object({ poiId: id, note: text, caseId: id.optional(), markedAt: instant }),
  DisengagementInterventionRecorded: z.object({
    poiId: id,
    interventionId: id,
    agency: text,
    intervention: text,
    startedOn: calendarDate,
    endedOn: calendarDate.optional(),
    outcome: text.optional(),
    recordedAt: instant,
  }),
  DisruptionRecorded: z.object({
    poiId: id,
    disruptionId: id,
    kind: z.enum(DISRUPTION_KIND_CODES),
    on: calendarDate,
    reference: text.optional(),
    notes: text.optional(),
    recordedAt: instant,
  }),
};
