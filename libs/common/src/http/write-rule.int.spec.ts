import { Body, Controller, Delete, Get, INestApplication, Param, Post, Put, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { z } from 'zod';
import { AccessGate, AccessRecorder, DEFAULT_ACCESS_SETTINGS } from '@app/access';
import { EVENT_STORE, EventStore, SqliteEventStore } from '@app/event-store';
import { scratchSqlite } from '@app/event-store-testing';
import { CommandStreams } from '../application/streams/command-streams';
import { WRITE_POLICY, defineStream } from '../application/streams/stream-definition';
import { configureHttpApp } from './http-app';
import { Public } from './public';
import { Writes, WritesAs } from './write-rule';

// A stream declared for this suite only: routes below name its command.
defineStream<{ type: 'Ring' }, { type: 'Rang'; data: { at: string } }, number>({
  kind: 'door-bell',
  decider: { initialState: () => 0, decide: (c) => [{ type: 'Rang', data: { at: c.now } }], evolve: (n) => n + 1 },
  envelope: (command, { now }) => ({ ...command, now }),
  events: { Rang: z.object({ at: z.string() }) },
  commands: { Ring: { roles: ['practitioner'] } },
});

@Controller('bells/:bellId')
class RuledController {
  @Get()
  read(@Param('bellId') bellId: string) {
    return { bellId };
  }

  @Post('rings')
  @Writes('door-bell', 'Ring')
  ring(@Param('bellId') bellId: string) {
    return { bellId };
  }

  @Delete()
  @WritesAs(['admin'], 'remove a bell')
  remove(@Param('bellId') bellId: string) {
    return { bellId };
  }

  @Public()
  @Post('knocks')
  knock(@Param('bellId') bellId: string) {
    return { bellId };
  }
}

@Controller('bells/:bellId/labels')
class ForgottenRuleController {
  @Get()
  read() {
    return [];
  }

  @Put(':labelId')
  relabel(@Param('labelId') labelId: string, @Body() body: object) {
    return { labelId, body };
  }
}

@Controller('bells/:bellId/chimes')
class UndeclaredCommandController {
  @Post()
  @Writes('door-bell', 'Chime')
  chime() {
    return {};
  }
}

async function appWith(...controllers: Type<unknown>[]): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ controllers }).compile();
  return moduleRef.createNestApplication({ logger: false });
}

describe('every write route declares who may make it, or the app does not start', () => {
  it('starts when every write route names a declared command, its roles, or is public', async () => {
    const app = await appWith(RuledController);
    expect(() => configureHttpApp(app, { title: 'test', description: 'test' })).not.toThrow();
    await app.close();
  });

  it('stops at configureHttpApp on a write route without a rule, naming the route', async () => {
    const app = await appWith(RuledController, ForgottenRuleController);
    expect(() => configureHttpApp(app, { title: 'test', description: 'test' })).toThrow('PUT /bells/:bellId/labels/:labelId (ForgottenRuleController.relabel)');
    await app.close();
  });

  it('stops on a route naming a command that no stream declares', async () => {
    const app = await appWith(UndeclaredCommandController);
    expect(() => configureHttpApp(app, { title: 'test', description: 'test' })).toThrow(/POST \/bells\/:bellId\/chimes \(UndeclaredCommandController\.chime\): names no declared command/);
    await app.close();
  });
});

describe('the write path without the access policy', () => {
  const db = scratchSqlite();
  let store: EventStore;

  beforeAll(async () => {
    store = await SqliteEventStore.create({ dataSource: await db.dataSource('events.sqlite') });
  });

  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('cannot be built: the module does not compile without WRITE_POLICY', async () => {
    const compiling = Test.createTestingModule({ providers: [CommandStreams, { provide: EVENT_STORE, useValue: store }] }).compile();
    await expect(compiling).rejects.toThrow(/CommandStreams[\s\S]*WRITE_POLICY/);
  });

  it('cannot be built with an empty policy either', async () => {
    const compiling = Test.createTestingModule({ providers: [CommandStreams, { provide: EVENT_STORE, useValue: store }, { provide: WRITE_POLICY, useValue: null }] }).compile();
    await expect(compiling).rejects.toThrow(/needs the access policy/);
  });

  it('is built with the access gate bound to WRITE_POLICY', async () => {
    const moduleRef = await Test.createTestingModule({
      providers: [CommandStreams, { provide: EVENT_STORE, useValue: store }, { provide: WRITE_POLICY, useValue: new AccessGate(DEFAULT_ACCESS_SETTINGS, new AccessRecorder(store)) }],
    }).compile();
    expect(moduleRef.get(CommandStreams)).toBeInstanceOf(CommandStreams);
    await moduleRef.close();
  });
});
