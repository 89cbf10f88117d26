import { QueryClient } from '@tanstack/react-query';
import { PageRelay, type RelaySocket } from '../../components/page-relay';
import { sha256Hex, textToBytes } from '../../lib/hash';
import { queryKeys } from '../../lib/client/query-keys';
import { encodePageKey, generatePageKey, sealPage } from '../../lib/client/private-page';

type Handler = (...args: unknown[]) => void;

interface Sent {
  event: string;
  payload: unknown;
  ack: Handler;
}

/** Just enough of a Socket.IO client socket to drive PageRelay by hand. */
class FakeSocket {
  connected = false;
  sent: Sent[] = [];
  private handlers = new Map<string, Handler[]>();

  on(event: string, handler: Handler) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }
  off(event: string, handler: Handler) {
    this.handlers.set(event, (this.handlers.get(event) ?? []).filter((h) => h !== handler));
    return this;
  }
  connect() {
    this.connected = true;
    this.fire('connect');
  }
  disconnect() {
    this.connected = false;
  }
  drop() {
    this.connected = false;
    this.fire('disconnect', 'transport close');
  }
  timeout() {
    return this;
  }
  emit(event: string, payload: unknown, ack: Handler) {
    this.sent.push({ event, payload, ack });
  }
  fire(event: string, ...args: unknown[]) {
    for (const handler of this.handlers.get(event) ?? []) handler(...args);
  }
  /** Every `event` sent so far, forgetting them. */
  take(event: string): Sent[] {
    const taken = this.sent.filter((s) => s.event === event);
    this.sent = this.sent.filter((s) => s.event !== event);
    return taken;
  }
}

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
  } as Storage;
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Polls until `check` passes: restoring held pages hashes them with WebCrypto, off the main thread. */
async function until(check: () => void, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

function setup(storage = memoryStorage()) {
  const socket = new FakeSocket();
  const queries = new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity, staleTime: Infinity } } });
  const relay = new PageRelay(socket as unknown as RelaySocket, queries, storage);
  const stop = relay.start();
  return { socket, queries, relay, storage, stop };
}

function fetchPage(queries: QueryClient, relay: PageRelay, hash: string) {
  return queries.fetchQuery({ queryKey: queryKeys.page(hash), queryFn: ({ signal }) => relay.want(hash, signal) });
}

describe('PageRelay', () => {
  const text = 'a page worth keeping';
  const bytes = textToBytes(text);
  let hash: string;
  beforeAll(async () => {
    hash = await sha256Hex(bytes);
  });

  it('shares a page: holds it, announces it and serves it when asked', async () => {
    const { socket, queries, relay } = setup();
    expect(await relay.share(bytes)).toBe(hash);
    const [have] = socket.take('page:have');
    expect(have.payload).toEqual({ hash });
    have.ack(null, { ok: true, holders: 1 });
    expect(queries.getQueryData(queryKeys.holders(hash))).toBe(1);
    expect(relay.isLastHolderOfAny()).toBe(true);

    const answer = jest.fn();
    socket.fire('page:request', { hash }, answer);
    expect(answer).toHaveBeenCalledWith({ ok: true, bytes });
    socket.fire('page:request', { hash: 'f'.repeat(64) }, answer);
    expect(answer).toHaveBeenLastCalledWith({ ok: false });
  });

  it('never shows or holds bytes that do not match the address', async () => {
    const { socket, queries, relay } = setup();
    const page = fetchPage(queries, relay, hash);
    await flush();
    expect(socket.take('page:want')).toHaveLength(1);
    socket.fire('page:content', { hash, bytes: textToBytes('something else').buffer });
    await expect(page).rejects.toThrow('do not match this address');
    expect(queries.getQueryData(queryKeys.page(hash))).toBeUndefined();
    expect(socket.take('page:have')).toHaveLength(0);
  });

  it('holds a page once its verified bytes arrive', async () => {
    const { socket, queries, relay } = setup();
    const page = fetchPage(queries, relay, hash);
    await flush();
    socket.take('page:want')[0].ack(null, { ok: true, holders: 0 });
    expect(queries.getQueryData(queryKeys.holders(hash))).toBe(0);
    socket.fire('page:content', { hash, bytes: bytes.slice().buffer });
    expect(await page).toEqual(bytes);
    expect(socket.take('page:have').map((s) => s.payload)).toEqual([{ hash }]);
    expect(queries.getQueryData(queryKeys.held)).toEqual([hash]);
  });

  it('shows the relay\'s message when it refuses a want', async () => {
    const { socket, queries, relay } = setup();
    const page = fetchPage(queries, relay, hash);
    await flush();
    socket.take('page:want')[0].ack(null, { ok: false, error: 'rate_limited', message: 'slow down' });
    await expect(page).rejects.toThrow('slow down');
  });

  it('re-announces held pages and re-sends wants after a reconnect', async () => {
    const { socket, queries, relay } = setup();
    await relay.share(bytes);
    const other = 'e'.repeat(64);
    void fetchPage(queries, relay, other).catch(() => {});
    await flush();
    socket.take('page:have');
    socket.take('page:want');
    socket.drop();
    expect(queries.getQueryData(queryKeys.connection)).toBe('offline');
    socket.connect();
    await flush();
    expect(socket.take('page:have').map((s) => s.payload)).toEqual([{ hash }]);
    expect(socket.take('page:want').map((s) => s.payload)).toEqual([{ hash: other }]);
  });

  it('keeps held pages across a reload, but not ones whose bytes were altered', async () => {
    const first = setup();
    await first.relay.share(bytes);
    first.stop();
    const second = setup(first.storage);
    await until(() => expect(second.queries.getQueryData(queryKeys.held)).toEqual([hash]));
    expect(second.socket.take('page:have').map((s) => s.payload)).toEqual([{ hash }]);

    const stored = JSON.parse(first.storage.getItem('ephemeral-p2p:held-pages')!);
    stored.pages[0].bytes = Buffer.from('tampered').toString('base64');
    first.storage.setItem('ephemeral-p2p:held-pages', JSON.stringify(stored));
    const third = setup(first.storage);
    await until(() => expect(third.queries.getQueryData(queryKeys.held)).toEqual([]));
  });

  it('lets go of a page when stopped or evicted, and says why when evicted', async () => {
    const { socket, queries, relay } = setup();
    await relay.share(bytes);
    relay.stop(hash);
    expect(queries.getQueryData(queryKeys.held)).toEqual([]);
    expect(socket.take('page:leave').map((s) => s.payload)).toEqual([{ hash }]);

    relay.holdAgain(hash);
    socket.fire('page:evicted', { hash, reason: 'timeout' });
    expect(queries.getQueryData(queryKeys.held)).toEqual([]);
    expect(queries.getQueryData(queryKeys.notice(hash))).toMatch('did not answer in time');
  });

  it('holds and serves a private page as its sealed bytes, and keeps its key across a reload', async () => {
    const key = generatePageKey();
    const sealed = await sealPage(bytes, key);
    const first = setup();
    const sealedHash = await first.relay.share(sealed, encodePageKey(key));
    expect(sealedHash).toBe(await sha256Hex(sealed));
    const answer = jest.fn();
    first.socket.fire('page:request', { hash: sealedHash }, answer);
    expect(answer).toHaveBeenCalledWith({ ok: true, bytes: sealed });
    first.stop();

    const second = setup(first.storage);
    // want() waits for the restore, then answers from this tab's own copy.
    expect(await second.relay.want(sealedHash, new AbortController().signal)).toEqual(sealed);
    expect(second.queries.getQueryData(queryKeys.held)).toEqual([sealedHash]);
    expect(second.queries.getQueryData(queryKeys.pageKey(sealedHash))).toBe(encodePageKey(key));
  });

  it('remembers the key that opened a received private page', async () => {
    const { socket, queries, relay, storage } = setup();
    const key = encodePageKey(generatePageKey());
    const page = fetchPage(queries, relay, hash);
    await flush();
    socket.fire('page:content', { hash, bytes: bytes.slice().buffer });
    await page;
    relay.rememberKey(hash, key);
    expect(queries.getQueryData(queryKeys.pageKey(hash))).toBe(key);
    expect(JSON.parse(storage.getItem('ephemeral-p2p:held-pages')!).pages[0].key).toBe(key);
  });
});
