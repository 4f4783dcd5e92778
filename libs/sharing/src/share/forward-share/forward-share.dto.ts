import { ShareTermsDto } from '../share-terms.dto';

/** Onward sharing of a received share: its content goes on, under the same or a narrower label. */
export class ForwardShareDto extends ShareTermsDto {}

