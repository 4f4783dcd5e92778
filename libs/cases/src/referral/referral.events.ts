import type { AgencyKind, ExploitationModelCode, SignCode, VulnerabilityCode } from '../shared/indicators';

/** The child as the referrer described them. Personal data: never logged, never in URLs. */
export type ChildDetails = {
  firstName: string;
  lastName: string;
  knownAs?: string;
  /** YYYY-MM-DD, when known. */
  dateOfBirth?: string;
  /** When the date of birth is not known. */
  approximateAge?: number;
  gender: 'female' | 'male' | 'non-binary' | 'not-known';
  ethnicity?: string;
  area?: string;
  school?: string;
  lookedAfter: boolean;
  careLeaver: boolean;
  migrantOrUnaccompanied: boolean;
  specialNeeds?: string;
  onlineIdentities?: string[];
};

export type ReferringAgency = { id: string; kind: AgencyKind; name: string };
export type Referrer = { name: string; role: string; phone?: string; email?: string };

/** Recorded in the case stream (`case-{caseId}`): a referral belongs to its child's case. */
export type ReferralReceived = {
  type: 'ReferralReceived';
  data: {
    referralId: string;
    caseId: string;
    /** True when this referral opened the case. */
    opensCase: boolean;
    referringAgency: ReferringAgency;
    referrer: Referrer;
    child: ChildDetails;
    vulnerabilities: VulnerabilityCode[];
    signs: SignCode[];
    suspectedModel: ExploitationModelCode;
    narrative: string;
    immediateDanger: boolean;
    /** When the agency made the referral (it may be entered later than that). */
    referredAt: string;
  };
};

