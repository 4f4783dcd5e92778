import type { Grading, HowKnown, IntelligenceItemEvent, IntelligenceStatus, SourceDetails, Subject } from '../intelligence-item.events';
import { gradingCode } from '../intelligence-item.events';

type By = { userId: string; agencyId: string };

/**
 * The sealed original of an item, for intelligence officers only: what the partner wrote, how they
 * know it, who submitted it, the source's details, and every grading with who graded and why.
 * Folded from the item's own stream when asked, never stored in a read model.
 */
export interface SealedIntelligenceView {
  itemId: string;
  revision: number;
  status: IntelligenceStatus;
  information: string;
  subjects: Subject[];
  knownAt: string;
  howKnown: HowKnown;
  howKnownDetail?: string;
  submittedAt: string;
  submittedBy: By;
  source?: SourceDetails;
  grading?: Grading & { code: string };
  gradings: { at: string; by: By; grading: Grading & { code: string }; previous?: string; reason?: string }[];
  sanitisedText?: string;
  sanitisedBy?: By;
  dissemination?: { at: string; by: By; urgent: boolean };
}

export interface SealedViewSource {
  revision: number;
  metadata: { actor: By };
}

const coded = (g: Grading) => ({ ...g, code: gradingCode(g) });
const who = (source: SealedViewSource): By => ({ userId: source.metadata.actor.userId, agencyId: source.metadata.actor.agencyId });

/** Pure: the sealed view after one more event. */
export function evolveSealedView(view: SealedIntelligenceView | undefined, event: IntelligenceItemEvent, source: SealedViewSource): SealedIntelligenceView | undefined {
  if (event.type === 'InformationSubmitted') {
    const { itemId, ...d } = event.data;
    return { itemId, revision: source.revision, status: 'submitted', ...d, submittedBy: who(source), gradings: [] };
  }
  if (!view) return view;
  const next = { ...view, revision: source.revision };
  switch (event.type) {
    case 'SourceDetailsRecorded':
      return { ...next, source: event.data.source };
    case 'IntelligenceGraded':
      return {
        ...next,
        status: view.status === 'submitted' ? 'graded' : view.status,
        grading: coded(event.data.grading),
        gradings: [...view.gradings, { at: event.data.gradedAt, by: who(source), grading: coded(event.data.grading) }],
      };
    case 'IntelligenceRegraded':
      return {
        ...next,
        grading: coded(event.data.grading),
        gradings: [
          ...view.gradings,
          { at: event.data.regradedAt, by: who(source), grading: coded(event.data.grading), previous: gradingCode(event.data.previous), reason: event.data.reason },
        ],
      };
    case 'IntelligenceSanitised':
      return { ...next, status: view.status === 'disseminated' ? view.status : 'sanitised', sanitisedText: event.data.text, sanitisedBy: who(source) };
    case 'IntelligenceDisseminated':
      return { ...next, status: 'disseminated', dissemination: { at: event.data.disseminatedAt, by: who(source), urgent: event.data.urgent } };
    default:
      return next;
  }
}
