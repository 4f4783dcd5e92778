/**
 * The strategy's lists (section 3) and models of exploitation (section 4), each with a stable
 * code and the seed's wording as its label. Codes are stored in events: never rename one.
 */
export const VULNERABILITIES = {
  'V-CHAOTIC-HOUSEHOLD': 'Living in a chaotic or dysfunctional household',
  'V-PARENTAL-SUBSTANCE-USE': 'Parental substance use (chaotic or dysfunctional household)',
  'V-DOMESTIC-VIOLENCE': 'Domestic violence (chaotic or dysfunctional household)',
  'V-PARENTAL-MENTAL-HEALTH': 'Parental mental health issues (chaotic or dysfunctional household)',
  'V-PARENTAL-CRIMINALITY': 'Parental criminality (chaotic or dysfunctional household)',
  'V-HISTORY-OF-ABUSE': 'History of abuse',
  'V-FAMILIAL-SEXUAL-ABUSE': 'Familial child sexual abuse (history of abuse)',
  'V-FORCED-MARRIAGE-RISK': 'Risk of forced marriage (history of abuse)',
  'V-HONOUR-VIOLENCE-RISK': 'Risk of honour based violence (history of abuse)',
  'V-PHYSICAL-EMOTIONAL-ABUSE': 'Physical and emotional abuse (history of abuse)',
  'V-NEGLECT': 'Neglect (history of abuse)',
  'V-BEREAVEMENT': 'Recent bereavement or loss',
  'V-GANG-ASSOCIATION': 'Gang association either through relatives, peers or intimate relationships',
  'V-SCHOOL-WITH-EXPLOITED': 'Attending school with young people who are sexually exploited',
  'V-LEARNING-DISABILITY': 'Learning disabilities',
  'V-SEXUAL-ORIENTATION': 'Unsure about their sexual orientation or unable to disclose sexual orientation to their families',
  'V-FRIENDS-EXPLOITED': 'Friends with young people who are sexually exploited',
  'V-HOMELESS': 'Homelessness',
  'V-LACKING-FRIENDS': 'Lacking friends from the same age group',
  'V-GANG-NEIGHBOURHOOD': 'Living in a gang neighbourhood',
  'V-RESIDENTIAL-CARE': 'Living in residential care',
  'V-INADEQUATE-ACCOMMODATION': 'Living in inadequate accommodation',
  'V-LOW-SELF-ESTEEM': 'Low self-esteem or self-confidence',
  'V-YOUNG-CARER': 'Young carers',
} as const;

export const SIGNS = {
  'S-MISSING': 'Missing from home or care',
  'S-PHYSICAL-INJURIES': 'Physical injuries',
  'S-SUBSTANCE-MISUSE': 'Drug or alcohol misuse',
  'S-OFFENDING': 'Offending',
  'S-STI-PREGNANCY': 'Repeat sexually-transmitted infections, pregnancy and terminations',
  'S-SCHOOL-ABSENCE': 'Absence from school',
  'S-APPEARANCE-CHANGE': 'Change in physical appearance',
  'S-ONLINE-VULNERABILITY': 'Evidence of sexual bullying and/or vulnerability through the internet and/or social networking sites',
  'S-ESTRANGED': 'Estranged from their family',
  'S-UNEXPLAINED-GIFTS': 'Receipt of gifts from unknown sources',
  'S-RECRUITING-OTHERS': 'Recruiting others into exploitative situations',
  'S-POOR-MENTAL-HEALTH': 'Poor mental health',
  'S-SELF-HARM': 'Self-harm',
  'S-SUICIDE': 'Thoughts of or attempted suicide',
} as const;

export const EXPLOITATION_MODELS = {
  'M-INAPPROPRIATE-RELATIONSHIP': 'Inappropriate relationship',
  'M-ONLINE': 'Online exploitation',
  'M-PARTY': "'Party' model",
  'M-GANG-GROUP': 'Gang or group associated',
  'M-ORGANISED-TRAFFICKING': 'Organised exploitation and trafficking',
  'M-PEER-ON-PEER': 'Peer on peer exploitation',
  'M-UNKNOWN': 'Not yet known',
} as const;

/** The kinds of partner agency in a board (DOMAIN.md, People and organisations). */
export const AGENCY_KINDS = {
  'children-social-care': "Children's social care",
  police: 'Police',
  health: 'Health',
  education: 'Education',
  yos: 'Youth offending service',
  probation: 'Probation',
  voluntary: 'Voluntary sector',
  housing: 'Housing',
} as const;

export type VulnerabilityCode = keyof typeof VULNERABILITIES;
export type SignCode = keyof typeof SIGNS;
export type ExploitationModelCode = keyof typeof EXPLOITATION_MODELS;
export type AgencyKind = keyof typeof AGENCY_KINDS;

export const VULNERABILITY_CODES = Object.keys(VULNERABILITIES) as VulnerabilityCode[];
export const SIGN_CODES = Object.keys(SIGNS) as SignCode[];
export const EXPLOITATION_MODEL_CODES = Object.keys(EXPLOITATION_MODELS) as ExploitationModelCode[];
export const AGENCY_KIND_CODES = Object.keys(AGENCY_KINDS) as AgencyKind[];
