import request from 'supertest';
import { bearer } from '@app/auth-testing';
import { ROLES } from '@app/common';
import { referralBody } from '../support/http';
import { startPlatform, TestPlatform } from '../support/platform-app';

const csc = bearer({ userId: 'sw-9', agencyId: 'bf-csc', roles: ['practitioner'] });
const school = bearer({ userId: 'dsl-17', agencyId: 'bf-school', roles: ['referrer'] });
const officer = bearer({ userId: 'dc-301', agencyId: 'thames-valley-police', roles: ['intelligence-officer'] });

interface Page {
  ids: string[];
  next?: string | null;
}

/**
 * Pages through a list with `after`, following each page's `next`, calling `between` after every
 * page (it changes the list and answers the position to read at). Answers every id shown, in order.
 */
async function pageThrough(fetch: (after: string | undefined, consistentWith: string | undefined) => Promise<Page>, between: (seen: string[]) => Promise<string | undefined>): Promise<string[]> {
  const shown: string[] = [];
  let after: string | undefined;
  let consistentWith: string | undefined;
  for (let pages = 0; pages < 50; pages++) {
    const page = await fetch(after, consistentWith);
    shown.push(...page.ids);
    if (!page.next) return shown;
    after = page.next;
    consistentWith = await between(shown);
  }
  throw new Error('The list never ended');
}

/** How many times each id was shown, for those shown other than once, and those never shown. */
function repeatsAndSkips(existing: string[], shown: string[]) {
  const count = new Map<string, number>();
  for (const id of shown) count.set(id, (count.get(id) ?? 0) + 1);
  return {
    repeated: [...count].filter(([, n]) => n > 1).map(([id]) => id),
    skipped: existing.filter((id) => !count.has(id)),
  };
}

/**
 * Issue 12 item 9: a list read a page at a time while it changes (cases updated, new ones opened)
 * shows every row that existed when reading began exactly once, and no row twice. `offset` paging
 * cannot: a row that moves or arrives above the page boundary shifts every row below it.
 */
describe.each(['sqlite', 'postgres'] as const)('keyset paging under concurrent updates (%s)', (database) => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    platform = await startPlatform(database);
    http = request(platform.app.getHttpServer());
  });

  afterAll(async () => {
    await platform.close();
  });

  const open = async () => (await http.post('/referrals').set(csc).send(referralBody('bf-csc')).expect(201)).body as { caseId: string; position: string };

  it('shows every case once while cases change and new ones open between pages', async () => {
    const existing: string[] = [];
    let position = '';
    for (let i = 0; i < 25; i++) ({ caseId: existing[existing.length], position } = await open());
    const flagged = new Set<string>();
    // A flag set or cleared: the case's last change moves to now.
    const change = async (caseId: string): Promise<string> => {
      const answer = flagged.has(caseId)
        ? await http.delete(`/cases/${caseId}/flags/care-leaver`).set(csc).send({ reason: 'Recorded in error' }).expect(200)
        : await http.put(`/cases/${caseId}/flags/care-leaver`).set(csc).send({}).expect(200);
      if (flagged.has(caseId)) flagged.delete(caseId);
      else flagged.add(caseId);
      return answer.body.position as string;
    };
    const changed = { unseen: 0, seen: 0, opened: 0 };

    const shown = await pageThrough(
      async (after, consistentWith) => {
        const body = (await http.get('/cases').query({ limit: 6, ...(after ? { after } : {}), consistentWith: consistentWith ?? position }).set(csc).expect(200)).body;
        expect(body).toMatchObject({ limit: 6, total: expect.any(Number) });
        return { ids: body.cases.map((c: { caseId: string }) => c.caseId), next: body.next };
      },
      async (seen) => {
        const unseen = existing.filter((id) => !seen.includes(id));
        let last: string | undefined;
        // Two cases not yet shown, and one already shown, change; then a new case opens.
        for (const caseId of unseen.slice(-2)) (last = await change(caseId), changed.unseen++);
        last = await change(seen[0]);
        changed.seen++;
        last = (await open()).position;
        changed.opened++;
        return last;
      },
    );

    expect(changed.unseen).toBeGreaterThan(4);
    expect(repeatsAndSkips(existing, shown)).toEqual({ repeated: [], skipped: [] });
  }, 120_000);

  it('shows every intelligence item once while items are graded and new ones submitted between pages', async () => {
    const submit = async () =>
      (
        await http
          .post('/intelligence')
          .set(school)
          .send({ information: 'A man is seen collecting girls from the park in a black hatchback.', subjects: [{ kind: 'location', text: 'Riverside Park' }], knownAt: '2026-11-27', howKnown: 'told-by-someone-else', source: { name: 'Morgan Quill' } })
          .expect(201)
      ).body as { itemId: string; position: string };
    const existing: string[] = [];
    let position = '';
    for (let i = 0; i < 10; i++) ({ itemId: existing[existing.length], position } = await submit());
    const graded = new Set<string>();

    const shown = await pageThrough(
      async (after, consistentWith) => {
        const body = (await http.get('/intelligence').query({ limit: 3, ...(after ? { after } : {}), consistentWith: consistentWith ?? position }).set(school).expect(200)).body;
        expect(body).toMatchObject({ total: expect.any(Number) });
        return { ids: body.items.map((i: { itemId: string }) => i.itemId), next: body.next };
      },
      async (seen) => {
        // An item not yet shown is graded (its status changes), then a new one is submitted.
        const unseen = existing.find((id) => !seen.includes(id) && !graded.has(id));
        if (unseen) {
          await http.post(`/intelligence/${unseen}/grading`).set(officer).send({ source: 2, assessment: 'B', handling: 'C', conditions: 'Police only' }).expect(200);
          graded.add(unseen);
        }
        return (await submit()).position;
      },
    );

    expect(repeatsAndSkips(existing, shown)).toEqual({ repeated: [], skipped: [] });
  }, 120_000);

  it('refuses a malformed or tampered `after`, and `offset`, naming the parameter', async () => {
    const fields = (response: request.Response) => ((response.body.errors ?? []) as Array<{ field: string }>).map((e) => e.field);
    const tampered = Buffer.from(JSON.stringify({ openedAt: 12, caseId: 'x' })).toString('base64url');
    const proto = Buffer.from('{"__proto__":{"polluted":true},"openedAt":"2026-11-20T09:30:00.000Z","caseId":"a"}').toString('base64url');
    for (const after of ['not base64!', Buffer.from('not json').toString('base64url'), tampered, proto, 'A'.repeat(501), Buffer.from('[]').toString('base64url')]) {
      expect(fields(await http.get('/cases').query({ after }).set(csc).expect(400))).toEqual(['query after']);
      expect(fields(await http.get('/intelligence').query({ after }).set(school).expect(400))).toEqual(['query after']);
    }
    const offset = await http.get('/cases').query({ offset: 6 }).set(csc).expect(400);
    expect(fields(offset)).toEqual(['query offset']);
    expect(JSON.stringify(offset.body.errors)).toMatch(/after/);
    expect(fields(await http.get('/intelligence').query({ offset: 6 }).set(school).expect(400))).toEqual(['query offset']);
    // Every list, read by a user with every role (past the role checks).
    const everyone = bearer({ userId: 'auditor-1', agencyId: 'bf-csc', roles: [...ROLES] });
    for (const list of ['/cases', '/semrac/actions', '/intelligence', '/shares', '/inbound-shares', '/sharing/register', '/sharing/refused-messages']) {
      expect({ list, fields: fields(await http.get(list).query({ after: tampered }).set(everyone).expect(400)) }).toEqual({ list, fields: ['query after'] });
      expect({ list, fields: fields(await http.get(list).query({ offset: 0 }).set(everyone).expect(400)) }).toEqual({ list, fields: ['query offset'] });
      expect(await http.get(list).query({ limit: 1 }).set(everyone).expect(200)).toHaveProperty('body.next');
    }
  });
});
