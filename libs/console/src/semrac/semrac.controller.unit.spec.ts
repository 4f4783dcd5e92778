import type { Response } from 'express';
import type { ConsoleApi } from '../http/console-api';
import type { ConsolePages } from '../http/console-pages';
import type { ConsoleRequest } from '../session/console-session';
import { SemracController } from './semrac.controller';

const MEETING_ID = '5e3f2a10-7c4d-4b8e-9f01-2a3b4c5d6e7f';
const EMPTY_AGENDA = { meetingId: MEETING_ID, scheduledFor: '2027-01-14T10:00:00.000Z', newListings: [], dueForReview: [], overdueActions: [], overdueAssessments: [], overdueInterviews: [], themes: [] };
const MEETING = { meetingId: MEETING_ID, status: 'scheduled', scheduledFor: '2027-01-14T10:00:00.000Z', coChairs: [], attendance: [], discussions: [], actions: [] };

/** The API as the controller calls it: each GET's path and query, answered with an empty page of each kind. */
function recordingApi(): { api: ConsoleApi; reads: { path: string; query: Record<string, unknown> }[] } {
  const reads: { path: string; query: Record<string, unknown> }[] = [];
  const get = (_req: ConsoleRequest, path: string, query: Record<string, unknown> = {}) => {
    reads.push({ path, query });
    if (path.endsWith('/agenda')) return Promise.resolve(EMPTY_AGENDA);
    if (path.startsWith('/semrac/meetings/')) return Promise.resolve(MEETING);
    if (path === '/semrac/actions') return Promise.resolve({ actions: [] });
    if (path === '/cases') return Promise.resolve({ cases: [], total: 0 });
    return Promise.reject(new Error(`unexpected read ${path}`));
  };
  return { api: { get } as unknown as ConsoleApi, reads };
}

function chairRequest(position?: string): ConsoleRequest {
  const session = { user: { roles: ['semrac-chair'], agencyId: 'bf-csc' }, semracConsistentWith: position, semracMeetingIds: [MEETING_ID] };
  return { session } as unknown as ConsoleRequest;
}

const pages = { render: () => Promise.resolve('<html></html>') } as unknown as ConsolePages;
const res = { send: () => undefined, status: () => undefined } as unknown as Response;

describe('SEMRAC pages after the chair’s own change', () => {
  // A discussion clears the child's new listing on the case: the agenda reads the case view, which
  // the meeting's own read does not wait for. Without the position the agenda could still list her.
  it('read the agenda of the meeting page at the position the change wrote, and only once', async () => {
    const { api, reads } = recordingApi();
    const req = chairRequest('1234');
    await new SemracController(pages, api).meeting(req, res, MEETING_ID);
    const agenda = reads.find((r) => r.path === `/semrac/meetings/${MEETING_ID}/agenda`);
    expect(agenda?.query.consistentWith).toBe('1234');
    expect(req.session.semracConsistentWith).toBeUndefined();
  });

  it('read the next meeting’s agenda on the SEMRAC page at that position too', async () => {
    const { api, reads } = recordingApi();
    await new SemracController(pages, api).home(chairRequest('77'), res);
    const agenda = reads.find((r) => r.path === `/semrac/meetings/${MEETING_ID}/agenda`);
    expect(agenda?.query.consistentWith).toBe('77');
  });

  it('read it without waiting when the user changed nothing', async () => {
    const { api, reads } = recordingApi();
    await new SemracController(pages, api).meeting(chairRequest(), res, MEETING_ID);
    expect(reads.find((r) => r.path.endsWith('/agenda'))?.query.consistentWith).toBeUndefined();
  });
});
