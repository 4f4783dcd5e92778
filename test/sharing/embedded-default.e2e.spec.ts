import { createPublicKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { bearer } from '@app/auth-testing';
import { ShareSentV1 } from '@app/contracts';
import { MESSAGE_BUS, MessageBus, ReceivedMessage } from '@app/messaging';
import { verifyShareMessage } from '@app/sharing';
import { TestPlatform, startPlatform } from '../support/platform-app';

/** Who is acting: one place, so the source of identity (a bearer token today) changes here only. */
const as = (userId: string, agencyId: string, roles: string[]) => bearer({ userId, agencyId, roles });
const practitioner = as('dsl-9', 'bf-school', ['practitioner']);
const officer = as('so-2', 'bf-lscb', ['sharing-officer']);
const school = as('dsl-17', 'bf-school', ['referrer']);

const PEER_TOPIC = `safeguard.shares.westmoor-${randomUUID().slice(0, 8)}`;

/** The embedded default: no Kafka, keys generated into local files on first start. */
describe('cross-border sharing on the embedded default (in-process bus, generated dev keys)', () => {
  const keyDir = mkdtempSync(join(tmpdir(), 'safeguard-sharing-keys-'));
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    const peerKey = generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }).toString();
    platform = await startPlatform('sqlite', {
      SHARING_BOARD_ID: 'brightfield-lscb',
      SHARING_SIGNING_KEY_FILE: join(keyDir, 'signing-key.pem'),
      SHARING_PEERS: JSON.stringify([{ id: 'westmoor-lscb', name: 'Westmoor LSCB', kind: 'board', topic: PEER_TOPIC, publicKey: peerKey, allowedLabels: ['AMBER'] }]),
    });
    http = request(platform.app.getHttpServer());
  });

  afterAll(async () => {
    await platform?.close();
    rmSync(keyDir, { recursive: true, force: true });
  });

  it('generates its keys into private files and publishes its identity for peers', async () => {
    for (const file of ['signing-key.pem']) {
      expect(existsSync(join(keyDir, file))).toBe(true);
      expect(statSync(join(keyDir, file)).mode & 0o077).toBe(0);
    }
    const identity = (await http.get('/sharing/identity').set(practitioner).expect(200)).body;
    expect(identity).toEqual({
      board: { id: 'brightfield-lscb', name: 'This safeguarding board', topic: 'safeguard.shares.brightfield-lscb', publicKey: expect.stringContaining('BEGIN PUBLIC KEY') },
      peers: [{ id: 'westmoor-lscb', name: 'Westmoor LSCB', kind: 'board', topic: PEER_TOPIC, allowedLabels: ['AMBER'] }],
    });
    expect(JSON.stringify(identity)).not.toContain(readFileSync(join(keyDir, 'signing-key.pem'), 'utf8').split('\n')[1]);
  });

  it('sends an approved share, signed, on the peer’s topic through the in-process bus', async () => {
    const received: ReceivedMessage[] = [];
    const subscription = await platform.app.get<MessageBus>(MESSAGE_BUS).consume({ topic: PEER_TOPIC, group: 'westmoor' }, async (m) => void received.push(m));
    try {
      const caseId = (
        await http
          .post('/referrals')
          .set(school)
          .send({
            referringAgency: { id: 'bf-school', kind: 'education', name: 'Example School' },
            referrer: { name: 'Dee Lead', role: 'Designated safeguarding lead' },
            child: { firstName: 'Demo', lastName: 'Child', approximateAge: 14, gender: 'female', lookedAfter: false, careLeaver: false, migrantOrUnaccompanied: false },
            vulnerabilities: [],
            signs: ['S-MISSING'],
            suspectedModel: 'M-INAPPROPRIATE-RELATIONSHIP',
            narrative: 'Seen with an older male.',
            immediateDanger: false,
            referredAt: '2026-11-20T09:30:00.000Z',
          })
          .expect(201)
      ).body.caseId;
      const share = (
        await http
          .post('/shares')
          .set(practitioner)
          .send({
            peerId: 'westmoor-lscb',
            label: 'AMBER',
            purpose: 'Joint safety planning',
            lawfulBasis: { code: 'cda-1998-s115' },
            subjectInformed: { informed: true },
            content: { caseId, includeCaseSummary: true },
          })
          .expect(201)
      ).body;
      expect(received).toEqual([]);
      await http.post(`/shares/${share.shareId}/approve`).set(officer).expect(200);

      const until = Date.now() + 10_000;
      while (received.length === 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ key: share.shareId, headers: { 'message-type': 'share-sent.v1' } });
      const message = JSON.parse(received[0].value!) as ShareSentV1;
      expect(ShareSentV1.validate(message).ok).toBe(true);
      expect(message).toMatchObject({ shareId: share.shareId, from: 'brightfield-lscb', to: 'westmoor-lscb', label: 'AMBER', content: { caseSummary: { caseId, child: { firstName: 'Demo' } } } });
      const identity = (await http.get('/sharing/identity').set(practitioner).expect(200)).body;
      const publicKey = createPublicKey(identity.board.publicKey);
      expect(verifyShareMessage(message, publicKey)).toBe(true);
      expect(verifyShareMessage({ ...message, purpose: 'Something else' }, publicKey)).toBe(false);
    } finally {
      await subscription.stop();
    }
  });
});
