import type { MissingEpisodeEvent, MissingFrom, MissingRiskLevel, PoliceCategory, ReturnInterviewAttempt } from '../missing-episode.events';

export type InterviewStatus = 'awaiting-return' | 'due' | 'held' | 'not-held';

/** One missing episode as practitioners see it. */
export interface MissingEpisodeView {
  episodeId: string;
  caseId: string;
  /** The episode stream's revision: send it back as If-Match to change the episode safely. */
  revision: number;
  status: 'missing' | 'returned';
  missingFrom: MissingFrom;
  missingFromDetail?: string;
  lastSeenAt: string;
  reportedToPoliceAt?: string;
  policeCategory: PoliceCategory;
  riskLevel: MissingRiskLevel;
  concerning: boolean;
  concernNote?: string;
  pushFactors: string[];
  pullFactors: string[];
  reportedAt: string;
  reportedBy: { userId: string; agencyId: string };
  return?: {
    returnedAt: string;
    whereFound: string;
    foundWith?: string;
    returnedBy?: string;
    /** Whole minutes from last seen to the return. */
    durationMinutes: number;
  };
  interview: {
    status: InterviewStatus;
    /** RETURN_INTERVIEW_HOURS after the return. */
    dueAt?: string;
    held?: { heldAt: string; heldBy: { name: string; agencyId: string }; where: string; learned: string };
    notHeld?: { reason: string; attempts: ReturnInterviewAttempt[]; recordedAt: string };
  };
  updates: { at: string; note: string; changed: string[]; by: { userId: string; agencyId: string } }[];
  updatedAt: string;
}

/** The stored event fields the view needs; RecordedEvent satisfies it. */
export interface MissingEpisodeViewSource {
  revision: number;
  recordedAt: string;
  metadata: { actor: { userId: string; agencyId: string } };
}

/** Pure: the view after one more event of its stream. Never throws (history is a fact). */
export function evolveMissingEpisodeView(view: MissingEpisodeView | undefined, event: MissingEpisodeEvent, source: MissingEpisodeViewSource): MissingEpisodeView | undefined {
  if (event.type === 'MissingEpisodeReported') {
    const { episodeId, caseId, ...d } = event.data;
    return {
      episodeId,
      caseId,
      revision: source.revision,
      status: 'missing',
      ...d,
      reportedBy: source.metadata.actor,
      interview: { status: 'awaiting-return' },
      updates: [],
      updatedAt: source.recordedAt,
    };
  }
  if (!view) return view;
  const next = { ...view, revision: source.revision, updatedAt: source.recordedAt };
  switch (event.type) {
    case 'MissingEpisodeUpdated': {
      const { caseId: _c, episodeId: _e, note, updatedAt: _u, ...changes } = event.data;
      return {
        ...next,
        ...changes,
        updates: [...view.updates, { at: source.recordedAt, note, changed: Object.keys(changes).sort(), by: source.metadata.actor }],
      };
    }
    case 'ChildReturned': {
      const { returnedAt, whereFound, foundWith, returnedBy, interviewDueAt } = event.data;
      return {
        ...next,
        status: 'returned',
        return: {
          returnedAt,
          whereFound,
          ...(foundWith ? { foundWith } : {}),
          ...(returnedBy ? { returnedBy } : {}),
          durationMinutes: Math.floor((Date.parse(returnedAt) - Date.parse(view.lastSeenAt)) / 60_000),
        },
        interview: { ...view.interview, status: view.interview.status === 'awaiting-return' ? 'due' : view.interview.status, dueAt: interviewDueAt },
      };
    }
    case 'ReturnInterviewHeld': {
      const { caseId: _c, episodeId: _e, ...held } = event.data;
      return { ...next, interview: { ...view.interview, status: 'held', held } };
    }
    case 'ReturnInterviewNotHeld': {
      const { reason, attempts, recordedAt } = event.data;
      return { ...next, interview: { ...view.interview, status: view.interview.status === 'held' ? 'held' : 'not-held', notHeld: { reason, attempts, recordedAt } } };
    }
    default:
      return next;
  }
}

/** Overdue: due, not recorded, and the due time has passed (computed when asked, not stored). */
export function interviewOverdue(view: Pick<MissingEpisodeView, 'interview'>, now: Date): boolean {
  return view.interview.status === 'due' && view.interview.dueAt !== undefined && Date.parse(view.interview.dueAt) < now.getTime();
}
