/**
 * The events of one person of interest (POI), stream `poi-{poiId}`: a possible perpetrator
 * (strategy section 4), who may be a vulnerable young person too (action 4.3), with the
 * disruption recorded against them (action 4.5).
 */

export const POI_GENDERS = ['female', 'male', 'non-binary', 'not-known'] as const;
export type PoiGender = (typeof POI_GENDERS)[number];

export type PoiName = { name: string; kind: 'name' | 'alias' };
export type PoiAddress = { address: string; postcode?: string };
export type PoiVehicle = { registration: string; description?: string };
export type PoiOnlineIdentity = { platform: string; handle: string };

/** What identifies a person: every list holds each identifier once (see person-of-interest.identifiers.ts). */
export interface PoiIdentifiers {
  names: PoiName[];
  /** YYYY-MM-DD, when known; otherwise an approximate age may be. */
  dateOfBirth?: string;
  approximateAge?: number;
  gender?: PoiGender;
  addresses: PoiAddress[];
  vehicles: PoiVehicle[];
  phoneNumbers: string[];
  onlineIdentities: PoiOnlineIdentity[];
}

export const LINK_NATURES = {
  'suspected-exploiter': 'Suspected of exploiting',
  associate: 'Associate',
  relative: 'Relative',
  partner: 'Partner or boyfriend/girlfriend',
  'seen-with': 'Seen with',
  'in-contact': 'In contact (phone or online)',
  'gave-gifts': 'Gave gifts, money, drugs or alcohol',
  transported: 'Transported (car rides)',
  'lives-at': 'Lives at or uses the address',
  frequents: 'Frequents',
  other: 'Other (say what)',
} as const;
export type LinkNature = keyof typeof LINK_NATURES;
export const LINK_NATURE_CODES = Object.keys(LINK_NATURES) as LinkNature[];

/** Places that matter to SEMRAC themes (DOMAIN.md, "Subjects"). */
export const LOCATION_KINDS = {
  address: 'Address',
  park: 'Park',
  'shopping-centre': 'Shopping centre',
  hotel: 'Hotel',
  'takeaway-or-shop': 'Takeaway or shop',
  transport: 'Station or transport hub',
  other: 'Other place',
} as const;
export type LocationKind = keyof typeof LOCATION_KINDS;
export const LOCATION_KIND_CODES = Object.keys(LOCATION_KINDS) as LocationKind[];

export type PoiLocation = { kind: LocationKind; name: string; postcode?: string };

/** What a POI is linked to: a child's case, a place, or another POI. */
export type PoiLinkTarget = { kind: 'case'; caseId: string } | { kind: 'location'; location: PoiLocation; locationKey: string } | { kind: 'poi'; poiId: string };

/** Orders, notices and criminal justice steps against a POI (action 4.5). */
export const DISRUPTION_KINDS = {
  'child-abduction-warning-notice': 'Child abduction warning notice',
  'sexual-risk-order': 'Sexual risk order',
  'sexual-harm-prevention-order': 'Sexual harm prevention order',
  arrest: 'Arrest',
  charge: 'Charge',
  outcome: 'Conviction or other outcome',
} as const;
export type DisruptionKind = keyof typeof DISRUPTION_KINDS;
export const DISRUPTION_KIND_CODES = Object.keys(DISRUPTION_KINDS) as DisruptionKind[];

export type PersonOfInterestRecorded = {
  type: 'PersonOfInterestRecorded';
  data: { poiId: string; identifiers: PoiIdentifiers; recordedAt: string };
};

/** Only the identifiers that were new: lists hold what was added, single values what was learned. */
export type PersonOfInterestIdentifiersAdded = {
  type: 'PersonOfInterestIdentifiersAdded';
  data: { poiId: string; added: Partial<PoiIdentifiers>; addedAt: string };
};

/**
 * On the survivor: a duplicate was merged into this POI, with the duplicate's identifiers as
 * they stood (the duplicate's own history stays on its stream).
 */
export type PersonOfInterestMerged = {
  type: 'PersonOfInterestMerged';
  data: { poiId: string; mergedPoiId: string; mergedIdentifiers: PoiIdentifiers; reason: string; mergedAt: string };
};

/** On the duplicate: it now lives on as the survivor and refuses further changes. */
export type PersonOfInterestMergedInto = {
  type: 'PersonOfInterestMergedInto';
  data: { poiId: string; survivorPoiId: string; reason: string; mergedAt: string };
};

export type PersonOfInterestLinked = {
  type: 'PersonOfInterestLinked';
  data: { poiId: string; linkId: string; target: PoiLinkTarget; nature: LinkNature; detail?: string; linkedAt: string };
};

/** The POI is a young person who is vulnerable too (action 4.3): interventions to help them disengage follow. */
export type VulnerableYoungPersonMarked = {
  type: 'VulnerableYoungPersonMarked';
  data: { poiId: string; note: string; caseId?: string; markedAt: string };
};

export type DisengagementInterventionRecorded = {
  type: 'DisengagementInterventionRecorded';
  data: {
    poiId: string;
    interventionId: string;
    /** The agency delivering it, e.g. the youth offending service. */
    agency: string;
    intervention: string;
    startedOn: string;
    endedOn?: string;
    outcome?: string;
    recordedAt: string;
  };
};

export type DisruptionRecorded = {
  type: 'DisruptionRecorded';
  data: {
    poiId: string;
    disruptionId: string;
    kind: DisruptionKind;
    /** YYYY-MM-DD: when the notice was served, the order made, the arrest or charge, the outcome. */
    on: string;
    /** The police, court or order reference. */
    reference?: string;
    notes?: string;
    recordedAt: string;
  };
};

export type PersonOfInterestEvent =
  | PersonOfInterestRecorded
  | PersonOfInterestIdentifiersAdded
  | PersonOfInterestMerged
  | PersonOfInterestMergedInto
  | PersonOfInterestLinked
  | VulnerableYoungPersonMarked
  | DisengagementInterventionRecorded
  | DisruptionRecorded;

export const PERSON_OF_INTEREST_EVENT_TYPES: readonly PersonOfInterestEvent['type'][] = [
  'PersonOfInterestRecorded',
  'PersonOfInterestIdentifiersAdded',
  'PersonOfInterestMerged',
  'PersonOfInterestMergedInto',
  'PersonOfInterestLinked',
  'VulnerableYoungPersonMarked',
  'DisengagementInterventionRecorded',
  'DisruptionRecorded',
];

export const poiStreamId = (poiId: string) => `poi-${poiId}`;
