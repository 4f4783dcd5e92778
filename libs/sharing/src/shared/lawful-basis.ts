/**
 * The lawful bases a share may rest on (DOMAIN.md, "Cross-border sharing"): a fixed list, with
 * `other` only when the basis is written out.
 */
export const LAWFUL_BASES = {
  'cda-1998-s115': 'Crime and Disorder Act 1998 s115',
  'dpa-2018-sch1-para18': 'Data Protection Act 2018 Schedule 1 para 18 (safeguarding of children and individuals at risk)',
  'dpa-2018-sch8': 'Data Protection Act 2018 Schedule 8 (law enforcement processing)',
  consent: 'Consent',
  other: 'Other (stated in text)',
} as const;
export type LawfulBasisCode = keyof typeof LAWFUL_BASES;
export const LAWFUL_BASIS_CODES = Object.keys(LAWFUL_BASES) as LawfulBasisCode[];

export interface LawfulBasis {
  code: LawfulBasisCode;
  /** Required with `other`: the basis in words. */
  text?: string;
}

/** Whether the data subject was told of the share and, if not, why not. */
export interface SubjectInformed {
  informed: boolean;
  /** Required when not informed (e.g. telling would put the child at risk). */
  reasonNotInformed?: string;
}
