import { Query } from '@nestjs/cqrs';
import type { LinkNature, PoiLocation } from '../person-of-interest/person-of-interest.events';
import type { IntelligenceItemView } from '../intelligence-register/intelligence-item-view';
import type { PoiProfileView } from './poi-profile-view';

/** A link seen from the profile's POI: `with` is the other end. */
export interface PoiProfileLink {
  linkId: string;
  with: { kind: 'case'; caseId: string } | { kind: 'location'; location: PoiLocation } | { kind: 'poi'; poiId: string; name?: string };
  nature: LinkNature;
  detail?: string;
  linkedAt: string;
  linkedBy: { userId: string; agencyId: string };
  /** Whose record holds the link: this POI (or a duplicate merged into it), or the other POI. */
  recordedOn: string;
}

export type PoiProfile = PoiProfileView & {
  links: PoiProfileLink[];
  /** Sanitised items about this POI (or a duplicate merged into it), latest first. */
  intelligence: IntelligenceItemView[];
};

export class GetPoiProfileQuery extends Query<PoiProfile> {
  constructor(
    readonly poiId: string,
    /** Wait until the profile and the register reflect the log up to this position. */
    readonly consistentWith?: string,
  ) {
    super();
  }
}
