import type { DiscussedAtSemrac } from '../case/case-plans.events';
import { ListedForSemrac, SEMRAC_RULES, SemracListingDetail, SemracRule } from './semrac-listing.events';

/** The case view's SEMRAC listing section. */
export interface SemracSection {
  /** Listed under at least one rule and not discussed at a meeting since. */
  listed: boolean;
  /** Every listing, oldest first: which rule, what met it, when. */
  listings: { rule: SemracRule; detail: SemracListingDetail; listedAt: string; triggeredBy: string }[];
}

export const emptySemracSection = (): SemracSection => ({ listed: false, listings: [] });

/** Pure: the section after a listing or a discussion. */
export function evolveSemracSection(section: SemracSection | undefined, event: ListedForSemrac | DiscussedAtSemrac): SemracSection {
  const current = section ?? emptySemracSection();
  if (event.type === 'DiscussedAtSemrac') return { ...current, listed: false };
  const { rule, detail, listedAt, triggeredBy } = event.data;
  return { listed: true, listings: [...current.listings, { rule, detail, listedAt, triggeredBy }] };
}

export function summariseListing(event: ListedForSemrac): string {
  return `Listed for SEMRAC: ${SEMRAC_RULES[event.data.rule] ?? event.data.rule} (${event.data.detail.summary})`;
}
