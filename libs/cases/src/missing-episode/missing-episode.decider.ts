import { Decider, DomainError } from '@app/common/domain';
import {
  MissingEpisodeEvent,
  MissingEpisodeReported,
  MissingEpisodeUpdated,
  MissingRiskLevel,
  PoliceCategory,
  ReturnInterviewAttempt,
} from './missing-episode.events';

type ReportData = Omit<MissingEpisodeReported['data'], 'episodeId' | 'reportedAt'>;

export type MissingEpisodeCommand =
  | { type: 'ReportMissingEpisode'; data: ReportData }
  | {
      type: 'UpdateMissingEpisode';
      data: {
        policeCategory?: PoliceCategory;
        riskLevel?: MissingRiskLevel;
        concerning?: boolean;
        concernNote?: string;
        pushFactors?: string[];
        pullFactors?: string[];
        note: string;
      };
    }
  | { type: 'RecordReturn'; data: { returnedAt: string; whereFound: string; foundWith?: string; returnedBy?: string } }
  | { type: 'RecordReturnInterview'; data: { heldAt: string; heldBy: { name: string; agencyId: string }; where: string; learned: string } }
  | { type: 'RecordReturnInterviewNotHeld'; data: { reason: string; attempts: ReturnInterviewAttempt[] } };

/**
 * What a command needs besides its data: which episode, the moment of decision, and the board's
 * return interview period (statutory guidance: offered within 72 hours of the return).
 */
export type MissingEpisodeCommandEnvelope = MissingEpisodeCommand & { episodeId: string; now: string; returnInterviewHours: number };

export interface MissingEpisodeState {
  exists: boolean;
  caseId?: string;
  lastSeenAt?: string;
  returnedAt?: string;
  interview?: 'held' | 'not-held';
  policeCategory?: PoliceCategory;
  riskLevel?: MissingRiskLevel;
  concerning: boolean;
  concernNote?: string;
  pushFactors: string[];
  pullFactors: string[];
}

const HOUR = 3_600_000;
const initialState = (): MissingEpisodeState => ({ exists: false, concerning: false, pushFactors: [], pullFactors: [] });

/** One missing episode of a child: reported, updated, the return, then the return home interview. */
export const missingEpisodeDecider: Decider<MissingEpisodeCommandEnvelope, MissingEpisodeEvent, MissingEpisodeState> = {
  initialState,

  decide(command, state) {
    const { episodeId } = command;
    if (command.type === 'ReportMissingEpisode') return reportMissingEpisode(command, state);

    if (!state.exists) throw new DomainError(`No missing episode ${episodeId}`, 'missing-episode-not-found', 404);
    const ids = { caseId: state.caseId!, episodeId };
    switch (command.type) {
      case 'UpdateMissingEpisode':
        return updateMissingEpisode(command, state, ids);
      case 'RecordReturn':
        return recordReturn(command, state, ids);
      case 'RecordReturnInterview':
        return recordReturnInterview(command, state, ids);
      case 'RecordReturnInterviewNotHeld':
        return recordReturnInterviewNotHeld(command, state, ids);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'MissingEpisodeReported': {
        const d = event.data;
        return {
          ...state,
          exists: true,
          caseId: d.caseId,
          lastSeenAt: d.lastSeenAt,
          policeCategory: d.policeCategory,
          riskLevel: d.riskLevel,
          concerning: d.concerning,
          concernNote: d.concernNote,
          pushFactors: d.pushFactors,
          pullFactors: d.pullFactors,
        };
      }
      case 'MissingEpisodeUpdated': {
        const { caseId: _c, episodeId: _e, note: _n, updatedAt: _u, ...changes } = event.data;
        return { ...state, ...changes };
      }
      case 'ChildReturned':
        return { ...state, returnedAt: event.data.returnedAt };
      case 'ReturnInterviewHeld':
        return { ...state, interview: 'held' };
      case 'ReturnInterviewNotHeld':
        return { ...state, interview: 'not-held' };
      default:
        return state;
    }
  },
};

type MissingEpisodeCommandOf<T extends MissingEpisodeCommand['type']> = Extract<MissingEpisodeCommandEnvelope, { type: T }>;
/** The case and the episode every event after the report names. */
type EpisodeIds = { caseId: string; episodeId: string };

function reportMissingEpisode({ episodeId, now, data: d }: MissingEpisodeCommandOf<'ReportMissingEpisode'>, state: MissingEpisodeState): MissingEpisodeEvent[] {
  if (state.exists) throw new DomainError(`Missing episode ${episodeId} has already been reported`, 'missing-episode-already-reported', 409);
  const lastSeenAt = instant(d.lastSeenAt, 'lastSeenAt');
  if (lastSeenAt > now) throw new DomainError('The child cannot have been last seen in the future', 'last-seen-in-future');
  const reportedToPoliceAt = d.reportedToPoliceAt === undefined ? undefined : instant(d.reportedToPoliceAt, 'reportedToPoliceAt');
  if (reportedToPoliceAt !== undefined && reportedToPoliceAt < lastSeenAt) {
    throw new DomainError('The report to the police cannot precede the time the child was last seen', 'reported-before-last-seen');
  }
  if (reportedToPoliceAt !== undefined && reportedToPoliceAt > now) {
    throw new DomainError('The report to the police cannot be dated in the future', 'reported-in-future');
  }
  return [
    {
      type: 'MissingEpisodeReported',
      data: {
        caseId: d.caseId,
        episodeId,
        missingFrom: d.missingFrom,
        ...(d.missingFromDetail?.trim() ? { missingFromDetail: d.missingFromDetail.trim() } : {}),
        lastSeenAt,
        ...(reportedToPoliceAt ? { reportedToPoliceAt } : {}),
        policeCategory: d.policeCategory,
        riskLevel: d.riskLevel,
        concerning: d.concerning,
        ...(d.concernNote?.trim() ? { concernNote: d.concernNote.trim() } : {}),
        pushFactors: factors(d.pushFactors),
        pullFactors: factors(d.pullFactors),
        reportedAt: now,
      },
    },
  ];
}

/** An update says why, and records only what it changes. */
function updateMissingEpisode({ now, data: d }: MissingEpisodeCommandOf<'UpdateMissingEpisode'>, state: MissingEpisodeState, ids: EpisodeIds): MissingEpisodeEvent[] {
  if (!d.note?.trim()) throw new DomainError('An update to a missing episode says why, in a note', 'note-missing');
  const changes: Partial<MissingEpisodeUpdated['data']> = {};
  if (d.policeCategory !== undefined && d.policeCategory !== state.policeCategory) changes.policeCategory = d.policeCategory;
  if (d.riskLevel !== undefined && d.riskLevel !== state.riskLevel) changes.riskLevel = d.riskLevel;
  if (d.concerning !== undefined && d.concerning !== state.concerning) changes.concerning = d.concerning;
  if (d.concernNote?.trim() && d.concernNote.trim() !== state.concernNote) changes.concernNote = d.concernNote.trim();
  if (d.pushFactors !== undefined && !sameList(factors(d.pushFactors), state.pushFactors)) changes.pushFactors = factors(d.pushFactors);
  if (d.pullFactors !== undefined && !sameList(factors(d.pullFactors), state.pullFactors)) changes.pullFactors = factors(d.pullFactors);
  if (Object.keys(changes).length === 0) return [];
  return [{ type: 'MissingEpisodeUpdated', data: { ...ids, ...changes, note: d.note.trim(), updatedAt: now } }];
}

/** The interview falls due the board's return interview period after the return (statutory guidance: offered within 72 hours). */
function recordReturn(command: MissingEpisodeCommandOf<'RecordReturn'>, state: MissingEpisodeState, ids: EpisodeIds): MissingEpisodeEvent[] {
  if (state.returnedAt) throw new DomainError(`The return from missing episode ${ids.episodeId} is already recorded`, 'child-already-returned', 409);
  const returnedAt = instant(command.data.returnedAt, 'returnedAt');
  if (returnedAt < state.lastSeenAt!) throw new DomainError('The child cannot return before they were last seen', 'returned-before-last-seen');
  if (returnedAt > command.now) throw new DomainError('A return cannot be dated in the future', 'return-in-future');
  const { whereFound, foundWith, returnedBy } = command.data;
  return [
    {
      type: 'ChildReturned',
      data: {
        ...ids,
        returnedAt,
        whereFound: whereFound.trim(),
        ...(foundWith?.trim() ? { foundWith: foundWith.trim() } : {}),
        ...(returnedBy?.trim() ? { returnedBy: returnedBy.trim() } : {}),
        interviewDueAt: new Date(Date.parse(returnedAt) + command.returnInterviewHours * HOUR).toISOString(),
      },
    },
  ];
}

/** When the child returned: a return home interview, held or not, follows the return. */
function returnedAt(state: MissingEpisodeState): string {
  if (!state.returnedAt) throw new DomainError('A return home interview follows the return: record the return first', 'child-not-returned', 409);
  return state.returnedAt;
}

function recordReturnInterview({ now, data }: MissingEpisodeCommandOf<'RecordReturnInterview'>, state: MissingEpisodeState, ids: EpisodeIds): MissingEpisodeEvent[] {
  const returned = returnedAt(state);
  if (state.interview === 'held') throw new DomainError(`The return home interview for episode ${ids.episodeId} is already recorded as held`, 'return-interview-already-held', 409);
  const heldAt = instant(data.heldAt, 'heldAt');
  if (heldAt < returned) throw new DomainError('A return home interview cannot be held before the return', 'interview-before-return');
  if (heldAt > now) throw new DomainError('A return home interview cannot be dated in the future', 'interview-in-future');
  const { heldBy, where, learned } = data;
  return [{ type: 'ReturnInterviewHeld', data: { ...ids, heldAt, heldBy, where: where.trim(), learned: learned.trim() } }];
}

function recordReturnInterviewNotHeld(
  { now, data }: MissingEpisodeCommandOf<'RecordReturnInterviewNotHeld'>,
  state: MissingEpisodeState,
  ids: EpisodeIds,
): MissingEpisodeEvent[] {
  const returned = returnedAt(state);
  if (state.interview) throw new DomainError(`The return home interview for episode ${ids.episodeId} is already recorded`, 'return-interview-already-recorded', 409);
  const attempts = data.attempts
    .map((a) => ({ at: instant(a.at, 'attempts.at'), by: a.by.trim(), outcome: a.outcome.trim() }))
    .sort((a, b) => a.at.localeCompare(b.at));
  if (attempts.some((a) => a.at < returned)) throw new DomainError('An attempt to hold the interview cannot precede the return', 'attempt-before-return');
  if (attempts.some((a) => a.at > now)) throw new DomainError('An attempt cannot be dated in the future', 'attempt-in-future');
  return [{ type: 'ReturnInterviewNotHeld', data: { ...ids, reason: data.reason.trim(), attempts, recordedAt: now } }];
}

/** The canonical ISO form (UTC, milliseconds), so instants compare as strings. */
function instant(value: string, field: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new DomainError(`${field} is not a date and time`, 'invalid-date');
  return new Date(ms).toISOString();
}

function factors(values: readonly string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter((v) => v.length > 0))];
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
