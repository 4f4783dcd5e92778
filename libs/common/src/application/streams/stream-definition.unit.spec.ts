import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Decider } from '../../domain/decider';
import type { Actor } from '../../http/actor';
import { CommandRule, StreamDefinition, defineStream, isSystemActor, streamDefinitions, systemActor } from './stream-definition';

type TallyCommand = { type: 'Count' } | { type: 'Reset' };
type TallyEvent = { type: 'Counted'; data: { by: number } } | { type: 'ResetDone'; data: { to: number } };
type TallyState = { total: number };

const decider: Decider<TallyCommand & { now: string }, TallyEvent, TallyState> = {
  initialState: () => ({ total: 0 }),
  decide: (command) => (command.type === 'Count' ? [{ type: 'Counted', data: { by: 1 } }] : [{ type: 'ResetDone', data: { to: 0 } }]),
  evolve: (state, event) => (event.type === 'Counted' ? { total: state.total + event.data.by } : { total: event.data.to }),
};

const events = { Counted: z.object({ by: z.number() }), ResetDone: z.object({ to: z.number() }) };
const envelope = (command: TallyCommand, { now }: { now: string }) => ({ ...command, now });

/** A tally stream under a kind no other test uses, with these rules. */
function tally(commands: Record<string, unknown>, kind = `tally-${randomUUID()}`) {
  return defineStream<TallyCommand, TallyEvent, TallyState>({ kind, decider, envelope, events, commands: commands as { Count: CommandRule<TallyCommand, TallyState>; Reset: CommandRule<TallyCommand, TallyState> } });
}

describe('declaring a stream kind', () => {
  it('accepts rules naming casework roles, and rules for the platform only, and lists the kind', () => {
    const kind = `tally-${randomUUID()}`;
    const defined = tally({ Count: { roles: ['practitioner', 'referrer'] }, Reset: { roles: [], system: true } }, kind);
    expect(defined.streamId('7')).toBe(`${kind}-7`);
    expect(streamDefinitions().map((d) => d.kind)).toContain(kind);
  });

  it('refuses a command without an access rule, so the app does not start', () => {
    expect(() => tally({ Count: { roles: ['practitioner'] }, Reset: undefined })).toThrow(/command Reset has no access rule/);
    expect(() => tally({ Count: { roles: ['practitioner'] }, Reset: {} })).toThrow(/command Reset has no access rule/);
    // Leaving a command type out does not even compile (npm run typecheck).
    // @ts-expect-error every command type of the stream must have a rule
    const incomplete: StreamDefinition<TallyCommand, TallyEvent, TallyState>['commands'] = { Count: { roles: ['practitioner'] } };
    expect(incomplete).not.toHaveProperty('Reset');
  });

  it('refuses a rule that names no role and is not the platform’s', () => {
    expect(() => tally({ Count: { roles: ['practitioner'] }, Reset: { roles: [] } })).toThrow(/command Reset names no role/);
    expect(() => tally({ Count: { roles: ['practitioner'] }, Reset: { roles: [], system: false } })).toThrow(/command Reset names no role/);
  });

  it.each(['auditor', 'analyst'])('refuses a rule that would let an %s change records', (role) => {
    expect(() => tally({ Count: { roles: ['practitioner', role] }, Reset: { roles: [], system: true } })).toThrow(new RegExp(`command Count would let ${role}s change records`));
  });

  it('refuses a role that does not exist', () => {
    expect(() => tally({ Count: { roles: ['practitioner', 'superuser'] }, Reset: { roles: [], system: true } })).toThrow(/command Count names an unknown role superuser/);
  });

  it('refuses a kind declared twice, keeping the first declaration', () => {
    const kind = `tally-${randomUUID()}`;
    const first = tally({ Count: { roles: ['practitioner'] }, Reset: { roles: ['semrac-chair'] } }, kind);
    expect(() => tally({ Count: { roles: ['referrer'] }, Reset: { roles: ['referrer'] } }, kind)).toThrow(`Stream kind ${kind} is declared twice`);
    expect(streamDefinitions().filter((d) => d.kind === kind)).toEqual([first]);
  });

  it('lists no kind whose declaration was refused', () => {
    const kind = `tally-${randomUUID()}`;
    expect(() => tally({ Count: { roles: ['auditor'] }, Reset: { roles: [], system: true } }, kind)).toThrow();
    expect(streamDefinitions().map((d) => d.kind)).not.toContain(kind);
  });
});

describe('the platform acting by itself', () => {
  it('is recognised when made by systemActor', () => {
    const actor = systemActor('semrac-listing', 'safeguard');
    expect(actor).toMatchObject({ userId: 'semrac-listing', agencyId: 'safeguard', roles: [] });
    expect(isSystemActor(actor)).toBe(true);
  });

  it('is not recognised from an object with the same fields, as a verified token gives', () => {
    const fromToken: Actor = { userId: 'semrac-listing', agencyId: 'safeguard', roles: [] };
    expect(isSystemActor(fromToken)).toBe(false);
    // What survives a trip through JSON (a token's claims, a message, a stored event) is not the platform either.
    expect(isSystemActor(JSON.parse(JSON.stringify(systemActor('semrac-listing', 'safeguard'))) as Actor)).toBe(false);
    expect(isSystemActor({ userId: 'admin-1', agencyId: 'bf-board', roles: ['admin'] })).toBe(false);
  });
});
