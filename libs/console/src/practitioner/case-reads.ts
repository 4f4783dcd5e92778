import type { Response } from 'express';
import { ApiProblem, ConsoleApi } from '../http/console-api';
import { ConsoleRequest } from '../session/console-session';

declare module 'express-session' {
  interface SessionData {
    /**
     * Cases this user opened by break-glass in this session, with the reason they gave: each later
     * read of the case sends the reason again, so each is recorded with it and flagged to auditors.
     */
    breakGlass?: Record<string, string>;
    /** A position the user's own last change wrote: the next case page waits until it shows it. */
    readAfter?: { caseId: string; position: string };
  }
}

/** The header the API reads a break-glass reason from (libs/access). */
export const BREAK_GLASS_HEADER = 'X-Break-Glass-Reason';

/** Whether a refusal can be overcome with a reason: the API's 403 says so (`breakGlass.possible`); a refusal without it is final. */
export function breakGlassPossible(error: unknown): boolean {
  return error instanceof ApiProblem && error.status === 403 && (error.extensions.breakGlass as { possible?: unknown } | undefined)?.possible === true;
}

/** After a change, the next read of the case waits until it includes the change (read your own write). */
export function readAfter(req: ConsoleRequest, caseId: string, position: string | undefined): void {
  if (position) req.session.readAfter = { caseId, position };
}

/** Saves the session (its flash message, its positions) before the browser follows the redirect. */
export function redirectAfterPost(req: ConsoleRequest, res: Response, location: string): void {
  req.session.save(() => res.redirect(303, location));
}

/** A case as GET /cases/{caseId} answers it: the parts the console's pages show. */
export interface CaseView {
  caseId: string;
  status: 'open' | 'closed';
  revision: number;
  openedAt: string;
  updatedAt: string;
  riskReviewOverdue?: boolean;
  child: Record<string, unknown> & { firstName: string; lastName: string };
  flags: { code: string; label: string; since: string; note?: string }[];
  agencies: { id: string; kind: string; name: string }[];
  leadProfessionals: { agencyId: string; agencyName: string; name: string; role: string; contact?: string; namedAt: string }[];
  vulnerabilities: { code: string; label: string; firstReportedAt: string; reportedBy: string[] }[];
  signs: { code: string; label: string; firstReportedAt: string; reportedBy: string[] }[];
  suspectedModels: { code: string; label: string }[];
  immediateDangerReported: boolean;
  links: { caseId: string; kind: string; label: string; note?: string; linkedAt: string }[];
  referrals: { referralId: string; referredAt: string; receivedAt: string; agency: { id: string; name: string }; referrer: { name: string; role: string }; narrative: string; immediateDanger: boolean }[];
  closures: { closedAt: string; reason: string; reopenedAt?: string; reopenReason?: string }[];
  risk?: { band: string; score: number; assessedAt: string; nextReviewDue: string };
  missing?: { episodes: number; openEpisodeIds: string[]; lastEpisodeAt?: string; interviewsDue: { episodeId: string; dueAt: string; overdue?: boolean }[] };
  semrac: { listed: boolean };
  chronology: { at: string; eventId: string; type: string; summary: string; by: { userId: string; agencyId: string }; reason?: string }[];
}

/**
 * Reads a case for the user: with the break-glass reason they gave for it earlier in this session,
 * and waiting for their own last change to it. Throws the API's refusal as it is.
 */
export async function readCase(api: ConsoleApi, req: ConsoleRequest, caseId: string): Promise<{ view: CaseView; brokeGlass: boolean }> {
  const reason = req.session.breakGlass?.[caseId];
  const after = req.session.readAfter?.caseId === caseId ? req.session.readAfter.position : undefined;
  if (after) delete req.session.readAfter;
  const path = `/cases/${caseId}${after ? `?consistentWith=${encodeURIComponent(after)}` : ''}`;
  const answer = await api.call<CaseView>(req, 'GET', path, undefined, reason ? { [BREAK_GLASS_HEADER]: reason } : {});
  return { view: answer.body, brokeGlass: !!reason };
}
