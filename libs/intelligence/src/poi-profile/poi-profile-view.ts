import type { DisruptionKind, LinkNature, PersonOfInterestEvent, PoiIdentifiers, PoiLinkTarget } from '../person-of-interest/person-of-interest.events';
import { withIdentifiers } from '../person-of-interest/person-of-interest.identifiers';

type By = { userId: string; agencyId: string };

/** A person of interest as practitioners see them (links and intelligence are added when read). */
export interface PoiProfileView {
  poiId: string;
  /** The POI stream's revision: send it as If-Match with the next change. */
  revision: number;
  status: 'active' | 'merged';
  /** Merged: the survivor, where this person's record now continues. */
  mergedInto?: string;
  /** The first name on record (or alias). */
  displayName: string;
  /** Every identifier on record, including those of duplicates merged into this POI. */
  identifiers: PoiIdentifiers;
  merged: { poiId: string; reason: string; mergedAt: string; by: By }[];
  vulnerableYoungPerson?: { note: string; caseId?: string; markedAt: string; by: By };
  interventions: { interventionId: string; agency: string; intervention: string; startedOn: string; endedOn?: string; outcome?: string; recordedAt: string; by: By }[];
  disruption: { disruptionId: string; kind: DisruptionKind; on: string; reference?: string; notes?: string; recordedAt: string; by: By }[];
  recordedAt: string;
  recordedBy: By;
  updatedAt: string;
}

/** One link between a POI and a case, a place or another POI, as stored for the profile and the network. */
export interface PoiLinkView {
  linkId: string;
  /** The POI whose record holds the link. */
  poiId: string;
  target: PoiLinkTarget;
  nature: LinkNature;
  detail?: string;
  linkedAt: string;
  linkedBy: By;
}

export interface PoiViewSource {
  revision: number;
  recordedAt: string;
  metadata: { actor: By };
}

const who = (source: PoiViewSource): By => ({ userId: source.metadata.actor.userId, agencyId: source.metadata.actor.agencyId });

export function displayNameOf(identifiers: PoiIdentifiers): string {
  return (identifiers.names.find((n) => n.kind === 'name') ?? identifiers.names[0])?.name ?? '';
}

/** Pure: the profile after one more event of its stream. Never throws (history is a fact). */
export function evolvePoiProfile(view: PoiProfileView | undefined, event: PersonOfInterestEvent, source: PoiViewSource): PoiProfileView | undefined {
  if (event.type === 'PersonOfInterestRecorded') {
    const { poiId, identifiers, recordedAt } = event.data;
    return {
      poiId,
      revision: source.revision,
      status: 'active',
      displayName: displayNameOf(identifiers),
      identifiers,
      merged: [],
      interventions: [],
      disruption: [],
      recordedAt,
      recordedBy: who(source),
      updatedAt: source.recordedAt,
    };
  }
  if (!view) return view;
  const next = { ...view, revision: source.revision, updatedAt: source.recordedAt };
  switch (event.type) {
    case 'PersonOfInterestIdentifiersAdded': {
      const identifiers = withIdentifiers(view.identifiers, event.data.added);
      return { ...next, identifiers, displayName: displayNameOf(identifiers) };
    }
    case 'PersonOfInterestMerged': {
      const { mergedPoiId, mergedIdentifiers, reason, mergedAt } = event.data;
      return {
        ...next,
        identifiers: withIdentifiers(view.identifiers, mergedIdentifiers),
        merged: [...view.merged, { poiId: mergedPoiId, reason, mergedAt, by: who(source) }],
      };
    }
    case 'PersonOfInterestMergedInto':
      return { ...next, status: 'merged', mergedInto: event.data.survivorPoiId };
    case 'VulnerableYoungPersonMarked': {
      const { poiId: _p, ...mark } = event.data;
      return { ...next, vulnerableYoungPerson: { ...mark, by: who(source) } };
    }
    case 'DisengagementInterventionRecorded': {
      const { poiId: _p, ...intervention } = event.data;
      return { ...next, interventions: [...view.interventions, { ...intervention, by: who(source) }] };
    }
    case 'DisruptionRecorded': {
      const { poiId: _p, ...disruption } = event.data;
      return { ...next, disruption: [...view.disruption, { ...disruption, by: who(source) }] };
    }
    default:
      return next;
  }
}

/** The link a `PersonOfInterestLinked` event records. */
export function linkView(event: Extract<PersonOfInterestEvent, { type: 'PersonOfInterestLinked' }>, source: PoiViewSource): PoiLinkView {
  const { poiId, linkId, target, nature, detail, linkedAt } = event.data;
  return { linkId, poiId, target, nature, ...(detail ? { detail } : {}), linkedAt, linkedBy: who(source) };
}
