import { defineStreamView } from '@app/common';
import type { PersonOfInterestEvent } from '../person-of-interest/person-of-interest.events';
import { personOfInterestStream } from '../person-of-interest/person-of-interest.stream';
import { PoiProfileView, evolvePoiProfile } from './poi-profile-view';

/** A POI's profile as an auditor replays it (libs/audit): its own stream, folded as the projection folds it. */
export const POI_PROFILE_REPLAY = defineStreamView<PoiProfileView, PersonOfInterestEvent>({
  kind: personOfInterestStream.kind,
  evolve: evolvePoiProfile,
});
