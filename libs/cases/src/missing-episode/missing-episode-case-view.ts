import { MISSING_FROM, MISSING_RISK_LEVELS, MissingEpisodeEvent, POLICE_CATEGORIES } from './missing-episode.events';

/** The case view's missing section: absent until the child's first episode. */
export interface MissingSummary {
  episodes: number;
  /** The latest episode still open (the child not yet returned). */
  openEpisodeId?: string;
  /** Every open episode, oldest first. */
  openEpisodeIds: string[];
  /** The latest last sighting. */
  lastEpisodeAt?: string;
  /** Return home interviews due and not yet recorded; overdue once `dueAt` has passed. */
  interviewsDue: { episodeId: string; dueAt: string; /** Computed when read, never stored. */ overdue?: boolean }[];
  /** How many of them are overdue: computed when read, never stored. */
  interviewsOverdue?: number;
}

/** Pure: the missing section after one more episode event. */
export function evolveMissingSummary(summary: MissingSummary | undefined, event: MissingEpisodeEvent): MissingSummary | undefined {
  const current = summary ?? { episodes: 0, openEpisodeIds: [], interviewsDue: [] };
  const { episodeId } = event.data;
  switch (event.type) {
    case 'MissingEpisodeReported': {
      const { lastSeenAt } = event.data;
      return withOpen(
        { ...current, episodes: current.episodes + 1, lastEpisodeAt: !current.lastEpisodeAt || lastSeenAt > current.lastEpisodeAt ? lastSeenAt : current.lastEpisodeAt },
        [...current.openEpisodeIds, episodeId],
      );
    }
    case 'ChildReturned':
      return withOpen(
        { ...current, interviewsDue: [...current.interviewsDue, { episodeId, dueAt: event.data.interviewDueAt }] },
        current.openEpisodeIds.filter((id) => id !== episodeId),
      );
    case 'ReturnInterviewHeld':
    case 'ReturnInterviewNotHeld':
      return { ...current, interviewsDue: current.interviewsDue.filter((due) => due.episodeId !== episodeId) };
    default:
      return summary;
  }
}

export function summariseMissingEpisodeEvent(event: MissingEpisodeEvent): string {
  switch (event.type) {
    case 'MissingEpisodeReported': {
      const d = event.data;
      return `Missing from ${MISSING_FROM[d.missingFrom].toLowerCase()}: police category ${POLICE_CATEGORIES[d.policeCategory].toLowerCase()}, risk ${MISSING_RISK_LEVELS[d.riskLevel].toLowerCase()}${d.concerning ? ', appears concerning' : ''}`;
    }
    case 'MissingEpisodeUpdated': {
      const { caseId: _c, episodeId: _e, note: _n, updatedAt: _u, ...changes } = event.data;
      return `Missing episode updated: ${Object.keys(changes).sort().join(', ')}`;
    }
    case 'ChildReturned':
      return `Returned from missing; return home interview due by ${event.data.interviewDueAt}`;
    case 'ReturnInterviewHeld':
      return `Return home interview held (${event.data.heldBy.agencyId})`;
    case 'ReturnInterviewNotHeld':
      return `Return home interview not held after ${event.data.attempts.length} attempt(s)`;
  }
}

function withOpen(summary: MissingSummary, openEpisodeIds: string[]): MissingSummary {
  const { openEpisodeId: _previous, ...rest } = summary;
  const latest = openEpisodeIds.at(-1);
  return { ...rest, openEpisodeIds, ...(latest ? { openEpisodeId: latest } : {}) };
}

/** The missing section as of `now`: which interviews are overdue (time passes with no event, so never stored). */
export function missingAsOf(missing: MissingSummary | undefined, now: Date): { missing?: MissingSummary } {
  if (!missing) return {};
  const interviewsDue = missing.interviewsDue.map((due) => ({ ...due, overdue: Date.parse(due.dueAt) < now.getTime() }));
  return { missing: { ...missing, interviewsDue, interviewsOverdue: interviewsDue.filter((due) => due.overdue).length } };
}
