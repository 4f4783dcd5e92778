import { ViewSources, defineStreamView } from '@app/common';
import { eventOf } from '@app/common/domain';
import { CASE_EVENT_TYPES } from '../case/case.events';
import { caseStream } from '../case/case.stream';
import { MISSING_EPISODE_EVENT_TYPES } from '../missing-episode/missing-episode.events';
import { CaseView, CaseViewEvent, caseViewEventSchemas, caseViewTargets, evolveCaseViewInPlace } from './case-view';

/** The event types the case-view projection reads (CaseViewProjection.eventTypes). */
const CASE_VIEW_TYPES: ReadonlySet<string> = new Set([...CASE_EVENT_TYPES, ...MISSING_EPISODE_EVENT_TYPES]);
const EPISODE_TYPES: ReadonlySet<string> = new Set(MISSING_EPISODE_EVENT_TYPES);

/**
 * What the case view folds besides the case stream, routed as the case-view projection routes
 * it (`caseViewTargets`): every missing-episode stream whose events name the case (`data.caseId`),
 * and each `CasesLinked` made on another case's stream naming this one (shown mirrored).
 */
export const CASE_VIEW_SOURCES: ViewSources<CaseViewEvent> = {
  revealedBy: [...MISSING_EPISODE_EVENT_TYPES, 'CasesLinked'],
  sourceFor(event) {
    const data = event.data as { caseId?: unknown; linkedCaseId?: unknown };
    if (EPISODE_TYPES.has(event.type) && typeof data.caseId === 'string') return { recordId: data.caseId, whole: true };
    if (event.type === 'CasesLinked' && typeof data.linkedCaseId === 'string') return { recordId: data.linkedCaseId, whole: false };
    return undefined;
  },
  route(caseId, event) {
    const seen = eventOf(caseViewEventSchemas, event);
    return seen && caseViewTargets(seen).find((target) => target.caseId === caseId)?.event;
  },
};

/**
 * The case view as an auditor replays it (libs/audit): the case stream merged in log order with
 * the child's missing-episode streams and the links made from other cases, as the projection folds them.
 */
export const CASE_VIEW_REPLAY = defineStreamView<CaseView, CaseViewEvent>({
  kind: caseStream.kind,
  // An event of a type the case-view projection does not read leaves the view as it was.
  evolve: (previous, event, source) => (CASE_VIEW_TYPES.has(event.type) ? evolveCaseViewInPlace(previous, event, source) : previous),
  sources: CASE_VIEW_SOURCES,
});
