/**
 * @jest-environment node
 */
import { EventEmitter } from 'node:events';
import pino from 'pino';
import { loadConfig } from '@/realtime/ops/config';
import { installInOrder, type Guard } from '@/realtime/guards/install';
import { FULL_LINES_PER_REASON } from '@/realtime/guards/refusal-log';
import { createServerGuards } from '@/realtime/guards/server-guards';
import { startRealtimeServer } from '@/realtime/server';
import type { RealtimeIo, RealtimeSocket } from '@/realtime/socket-types';

afterEach(() => jest.useRealTimers());

type Middleware = (socket: RealtimeSocket, next: (err?: Error & { data?: unknown }) => void) => void;

/** The entry points guards attach to, each attach and detach written to `steps` as it happens. */
function fakeIo(steps: string[]) {
  const engine = new EventEmitter();
  const sockets = new EventEmitter();
  const middlewares: Middleware[] = [];
  engine.on('removeListener', (event: string) => steps.push(`engine.off ${event}`));
  engine.on('newListener', (event: string) => steps.push(`engine.on ${event}`));
  sockets.on('removeListener', (event: string) => steps.push(`io.off ${event}`));
  sockets.on('newListener', (event: string) => steps.push(`io.on ${event}`));
  const io = {
    engine: Object.assign(engine, { use: () => steps.push('engine.use') }),
    use(middleware: Middleware) {
      steps.push('io.use');
      middlewares.push(middleware);
    },
    on: sockets.on.bind(sockets),
    off: sockets.off.bind(sockets),
  };
  return { io: io as unknown as RealtimeIo, engine, sockets, middlewares };
}

test('guards are installed in list order and undone in reverse, once', () => {
  jest.useFakeTimers();
  const steps: string[] = [];
  const guard =
    (name: string): Guard =>
    () => {
      steps.push(`install ${name}`);
      return () => steps.push(`undo ${name}`);
    };
  const uninstall = installInOrder(fakeIo([]).io, [guard('a'), guard('b'), guard('c')]);
  expect(steps).toEqual(['install a', 'install b', 'install c']);
  uninstall();
  uninstall();
  expect(steps.slice(3)).toEqual(['undo c', 'undo b', 'undo a']);
});

test("the sidecar's guards attach in the order a connection meets them, and their undo detaches them last first and stops their timers", () => {
  jest.useFakeTimers();
  const steps: string[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void steps.push(`log: ${JSON.parse(line).msg}`) });
  const guards = createServerGuards(loadConfig({}, { lanAddresses: () => [] }), log, {
    refusedHandshake: () => {},
    rejected: () => {},
  });
  const { io, engine, sockets, middlewares } = fakeIo(steps);
  const uninstall = guards.install(io);
  expect(steps).toEqual([
    'engine.use',
    'engine.on connection_error',
    'engine.on connection',
    'engine.on connection',
    'io.use',
    'io.use',
    'io.on connection',
  ]);

  // The front door's admission first: a socket of a transport it never saw is refused...
  const refusedBy = (middleware: Middleware, socket: object) => {
    let refusal: unknown;
    middleware(socket as RealtimeSocket, (err) => (refusal = err?.data));
    return refusal;
  };
  expect(refusedBy(middlewares[0], { conn: {}, data: {} })).toMatchObject({ code: 'too_many_connections' });
  // ...then the protocol version, which an admitted v1 socket passes.
  expect(refusedBy(middlewares[1], { handshake: { auth: {} }, data: {} })).toBeUndefined();

  // Enough refusals Engine.IO made itself that the refusal log owes a summary line on its timer.
  for (let i = 0; i <= FULL_LINES_PER_REASON; i++) engine.emit('connection_error', { code: 3, message: 'Bad request' });
  expect(jest.getTimerCount()).toBeGreaterThan(0);
  steps.length = 0;

  uninstall();
  expect(steps).toEqual([
    'io.off connection',
    'engine.off connection',
    'engine.off connection',
    'engine.off connection_error',
    // The refusal log, installed first, is stopped last: it writes what it still owed.
    'log: handshake refusals summarised',
  ]);
  expect(engine.listenerCount('connection') + engine.listenerCount('connection_error')).toBe(0);
  expect(sockets.listenerCount('connection')).toBe(0);
  expect(jest.getTimerCount()).toBe(0);
});

test("the sidecar's close() undoes its guards: the refusal log writes the summary it owes before the server says it closed", async () => {
  const messages: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void messages.push(JSON.parse(line).msg) });
  const server = await startRealtimeServer(loadConfig({ REALTIME_PORT: '0' }), { logger });
  for (let i = 0; i <= FULL_LINES_PER_REASON; i++) {
    const refused = await fetch(`http://127.0.0.1:${server.port}/socket.io/?EIO=4&transport=polling`, {
      headers: { origin: 'https://elsewhere.example' },
    });
    expect(await refused.text()).toMatch(/origin_refused/);
  }
  expect(messages).not.toContain('handshake refusals summarised');
  await server.close();
  // The summary is otherwise due at the end of its interval, seconds from now.
  expect(messages.slice(-2)).toEqual(['handshake refusals summarised', 'realtime sidecar closed']);
});
