import type { Role } from '@app/common/domain';

/**
 * Traffic Light Protocol 2.0 labels, least to most restrictive (DOMAIN.md, "Cross-border
 * sharing"). The order is what "onward sharing never widens the label" compares.
 */
export const TLP_LABELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export type TlpLabel = (typeof TLP_LABELS)[number];

export function isTlpLabel(value: unknown): value is TlpLabel {
  return typeof value === 'string' && (TLP_LABELS as readonly string[]).includes(value);
}

/** How restrictive a label is: 0 (CLEAR) to 4 (RED). */
export const restrictiveness = (label: TlpLabel): number => TLP_LABELS.indexOf(label);

/** A label that discloses to at least as many people as `than` would widen it. */
export const widens = (label: TlpLabel, than: TlpLabel): boolean => restrictiveness(label) < restrictiveness(than);

/**
 * Which of the recipient board's roles may read a received share, by label. TLP 2.0 read for a
 * safeguarding board: CLEAR anyone; GREEN the board's community; AMBER those who need to know to
 * protect the child (casework and intelligence); AMBER+STRICT the receiving organisation's
 * intelligence and sharing officers and the SEMRAC chair only; RED the named point of contact,
 * the sharing officer. Auditors see that a share exists (the register, the inbox's metadata),
 * never its content. Issue 6's policy module will absorb this table.
 */
export const LABEL_READERS: Record<TlpLabel, readonly Role[]> = {
  CLEAR: ['referrer', 'practitioner', 'semrac-chair', 'semrac-member', 'intelligence-officer', 'sharing-officer'],
  GREEN: ['practitioner', 'semrac-chair', 'semrac-member', 'intelligence-officer', 'sharing-officer'],
  AMBER: ['practitioner', 'semrac-chair', 'semrac-member', 'intelligence-officer', 'sharing-officer'],
  'AMBER+STRICT': ['semrac-chair', 'intelligence-officer', 'sharing-officer'],
  RED: ['sharing-officer'],
};

/** Whether someone acting in `roles` may read content labelled `label`. */
export function mayRead(label: TlpLabel, roles: readonly string[]): boolean {
  return roles.some((role) => (LABEL_READERS[label] as readonly string[]).includes(role));
}
