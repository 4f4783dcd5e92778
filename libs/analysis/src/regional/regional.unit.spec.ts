import { deciderSpec } from '@app/common-testing';
import { ProblemProfileV1 } from '@app/contracts';
import { PeriodCounts, publishProfile } from '../profile/profile-tables';
import { canonical, parseRegionalSchedule, profileContentHash, publishedTables, scheduleSlot, scheduleTickMs } from './regional-profile.rules';
import { SendRegionalProfileCommand, regionalSendsDecider } from './regional.decider';
import { RegionalProfileSent } from './regional.events';
import { regionalReceiptsStream, regionalSendsStream } from './regional.stream';

const counts = (entries: Record<string, Record<string, number>>): PeriodCounts => new Map(Object.entries(entries).map(([measure, values]) => [measure, new Map(Object.entries(values))]));

describe('the profile as it leaves for the regional picture', () => {
  const tables = publishedTables(publishProfile(counts({ 'referrals.count': { all: 9 }, 'referrals.gender': { female: 7, male: 2 } }), new Map(), 4));

  it('carries the published cells: numbers that reveal nobody, the suppression texts for the rest', () => {
    expect(tables['referrals.count']).toEqual({ rows: [{ value: 'all', count: 9 }], total: 9 });
    // Two boys: under the threshold, so "fewer than 5"; the girls' 7 would give them away from the total, so hidden too.
    expect(tables['referrals.gender']).toEqual({
      rows: [
        { value: 'female', count: 'not shown' },
        { value: 'male', count: 'fewer than 5' },
        { value: 'non-binary', count: 0 },
        { value: 'not-known', count: 0 },
      ],
      total: 9,
    });
    expect(JSON.stringify(tables)).not.toMatch(/"count":[1-4][,}]/);
  });

  it('meets the problem-profile.v1 contract, which would refuse a small number', () => {
    const message = { ...ProblemProfileV1.example, tables };
    expect(ProblemProfileV1.validate(message).errors).toEqual([]);
    const leaked = { ...tables, 'referrals.gender': { ...tables['referrals.gender'], rows: [{ value: 'male', count: 2 }] } };
    expect(ProblemProfileV1.validate({ ...message, tables: leaked }).errors).toEqual(['tables.referrals.gender.rows[0].count: must not be a count from 1 to 4: send "fewer than 5"']);
  });

  it('hashes what it says the same way whatever the order of its keys', () => {
    const period = { from: '2026-06', to: '2026-11' };
    const reordered = Object.fromEntries(Object.entries(tables).reverse());
    expect(profileContentHash({ period, suppressionThreshold: 4, tables })).toBe(profileContentHash({ suppressionThreshold: 4, tables: reordered, period: { to: '2026-11', from: '2026-06' } }));
    expect(profileContentHash({ period, suppressionThreshold: 4, tables })).not.toBe(profileContentHash({ period: { ...period, to: '2026-10' }, suppressionThreshold: 4, tables }));
    expect(canonical({ b: [1, { d: 'x', c: null }], a: 'é' })).toBe('{"a":"é","b":[1,{"c":null,"d":"x"}]}');
  });
});

describe('REGIONAL_PROFILE_EVERY', () => {
  it('reads off, monthly, days and ISO 8601 durations, and refuses anything else', () => {
    expect(parseRegionalSchedule('off')).toEqual({ kind: 'off' });
    expect(parseRegionalSchedule('')).toEqual({ kind: 'off' });
    expect(parseRegionalSchedule('monthly')).toEqual({ kind: 'monthly' });
    expect(parseRegionalSchedule('P1M')).toEqual({ kind: 'monthly' });
    expect(parseRegionalSchedule('30')).toEqual({ kind: 'every', ms: 30 * 86_400_000 });
    expect(parseRegionalSchedule('P7D')).toEqual({ kind: 'every', ms: 7 * 86_400_000 });
    expect(parseRegionalSchedule('P1DT12H')).toEqual({ kind: 'every', ms: 36 * 3_600_000 });
    expect(parseRegionalSchedule('PT3S')).toEqual({ kind: 'every', ms: 3000 });
    for (const bad of ['weekly', 'P', 'PT', 'P0D', 'PT0S', 'P400D', '-1', 'P1W', '1.5']) expect(parseRegionalSchedule(bad)).toBeUndefined();
  });

  it('puts every moment of one interval in one slot, whichever process asks, and sends the six whole months before the slot began', () => {
    const every = { kind: 'every', ms: 3_600_000 } as const;
    const a = scheduleSlot(every, new Date('2026-12-01T00:10:00Z'));
    expect(scheduleSlot(every, new Date('2026-12-01T00:59:59Z'))).toEqual(a);
    expect(scheduleSlot(every, new Date('2026-12-01T01:00:00Z')).slot).not.toBe(a.slot);
    expect(a.period).toEqual({ from: '2026-06', to: '2026-11' });
    // A process whose clock is past the month's end agrees with one whose slot began before it.
    expect(scheduleSlot(every, new Date('2026-11-30T23:59:00Z')).period).toEqual({ from: '2026-05', to: '2026-10' });
    expect(scheduleSlot({ kind: 'monthly' }, new Date('2026-01-15T08:00:00Z'))).toEqual({ slot: '2026-01', period: { from: '2025-07', to: '2025-12' } });
    expect(scheduleTickMs({ kind: 'monthly' })).toBe(60_000);
    expect(scheduleTickMs({ kind: 'every', ms: 3000 })).toBe(3000);
  });
});

describe('regional sends decider', () => {
  const spec = deciderSpec(regionalSendsDecider);
  const NOW = '2026-12-01T09:30:00.000Z';
  const data: SendRegionalProfileCommand['data'] = {
    profileId: '9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b',
    from: 'brightfield-lscb',
    period: { from: '2026-06', to: '2026-11' },
    suppressionThreshold: 4,
    tables: { 'referrals.count': { rows: [{ value: 'all', count: 0 }], total: 0 } },
    contentHash: 'a'.repeat(64),
    peers: [{ id: 'westmoor-lscb', topic: 'safeguard.shares.westmoor-lscb.profiles' }],
    trigger: 'request',
  };
  const send = (more: Partial<SendRegionalProfileCommand['data']> = {}): SendRegionalProfileCommand => ({ type: 'SendRegionalProfile', now: NOW, actor: { userId: 'officer-1', agencyId: 'bf-lscb' }, data: { ...data, ...more } });
  const sent = (more: Partial<RegionalProfileSent['data']> = {}): RegionalProfileSent => ({ type: 'RegionalProfileSent', data: { ...data, sentBy: { userId: 'officer-1', agencyId: 'bf-lscb' }, sentAt: NOW, ...more } });

  it('records who sent which period to which peers, when, and the hash of what went', () => {
    spec.given([]).when(send()).then([sent()]);
    spec.given([sent()]).when(send({ trigger: 'schedule', slot: '2026-12' })).then([sent({ trigger: 'schedule', slot: '2026-12' })]);
  });

  it('sends nothing to nobody', () => {
    spec.given([]).when(send({ peers: [] })).thenRefuses('no-board-peers');
  });

  it('lets board officers and the schedule send; only the consumer records what arrives', () => {
    expect(regionalSendsStream.commands.SendRegionalProfile).toEqual({ roles: ['board-officer'], system: true });
    expect(regionalSendsStream.streamId('2026-06-2026-11')).toBe('regional-sends-2026-06-2026-11');
    expect(regionalReceiptsStream.commands.RecordRegionalProfile).toEqual({ roles: [], system: true });
  });
});
