import type { DiscussedAtSemrac } from '../case/case-plans.events';
import type { ListedForSemrac, SemracListingDetail, SemracRule } from './semrac-listing.events';

/**
 * The case command the listing process manager sends; the case decider hands it to
 * `decideSemracListing`. Never sent by a client.
 */
export type ListForSemracCommand = {
  type: 'ListForSemrac';
  data: { rule: SemracRule; detail: SemracListingDetail; triggeredBy: string };
};

/** What of the case state the listing reads. */
export interface SemracListingState {
  /** Rules the case is listed under and not yet discussed at a meeting. */
  listedRules: string[];
}

/**
 * Pure: a listing for the rule, or nothing when the case is already listed under that rule and
 * has not been discussed since (one listing per criterion per meeting cycle). Refuses nothing:
 * meeting a criterion is a fact.
 */
export function decideSemracListing(command: ListForSemracCommand, state: SemracListingState, caseId: string, now: string): ListedForSemrac[] {
  if (state.listedRules.includes(command.data.rule)) return [];
  return [{ type: 'ListedForSemrac', data: { caseId, ...command.data, listedAt: now } }];
}

/**
 * The rules a case stays listed under, after one more case event: a listing adds its rule, a
 * discussion at SEMRAC clears them all (the meeting has seen the child). Both the case decider and
 * the listing process manager evolve their state with this, so they agree.
 */
export function listedRulesAfter(listedRules: readonly string[], event: ListedForSemrac | DiscussedAtSemrac | { type: string }): string[] {
  switch (event.type) {
    case 'ListedForSemrac': {
      const { rule } = (event as ListedForSemrac).data;
      return listedRules.includes(rule) ? [...listedRules] : [...listedRules, rule];
    }
    case 'DiscussedAtSemrac':
      return [];
    default:
      return [...listedRules];
  }
}

/** The case event types that change `listedRules`. */
export const SEMRAC_LISTING_STATE_EVENT_TYPES = ['ListedForSemrac', 'DiscussedAtSemrac'] as const;
