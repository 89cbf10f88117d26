import { QueryClient } from '@tanstack/react-query';
import { PageRelay } from '@/lib/client/page-relay';
import { encodePageKey, generatePageKey, sealPage } from '@/lib/client/private-page';
import { queryKeys } from '@/lib/client/query-keys';
import { sessionPageStore } from '@/lib/client/session-page-store';
import { sha256Hex, textToBytes } from '@/lib/hash';
import { RelayClient } from '@/lib/relay-client';
import { FakeSocket } from '../helpers/fake-socket';

const STORAGE_KEY = 'ephemeral-p2p:held-pages';

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> {
  const items = new Map<string, string>();
  return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

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
  const fake = new FakeSocket();
  const client = new RelayClient(fake.socket, {
    url: 'http://relay.test',
    maxPageBytes: 1024,
    store: sessionPageStore(storage),
  });
  const queries = new QueryClient({
    defaultOptions: { queries: { retry: false, gcTime: Infinity, staleTime: Infinity } },
  });
  const relay = new PageRelay(client, queries);
  const stop = relay.start();
  return { fake, queries, relay, storage, stop };
}

function fetchPage(queries: QueryClient, relay: PageRelay, hash: string) {
  return queries.fetchQuery({ queryKey: queryKeys.page(hash), queryFn: ({ signal }) => relay.want(hash, signal) });
}

describe('PageRelay (the React Query adapter)', () => {
  const bytes = textToBytes('a page worth keeping');
  let hash: string;
  beforeAll(async () => {
    hash = await sha256Hex(bytes);
  });

  it('writes a shared page, its hold status and its holder count into the cache', async () => {
    const { fake, queries, relay } = setup();
    expect(queries.getQueryData(queryKeys.connection)).toEqual({ state: 'connected' });
    expect(await relay.share(bytes)).toBe(hash);
    expect(relay.heldBeforeStart(hash)).toBe(false);
    expect(queries.getQueryData(queryKeys.page(hash))).toEqual(bytes);
    expect(queries.getQueryData(queryKeys.held)).toEqual([hash]);
    expect(queries.getQueryData(queryKeys.holdStatus(hash))).toEqual({ state: 'announcing' });
    fake.take('page:have')[0].reply({ ok: true, holders: 1 });
    expect(queries.getQueryData(queryKeys.holdStatus(hash))).toEqual({ state: 'holding' });
    expect(queries.getQueryData(queryKeys.holders(hash))).toBe(1);
    expect(relay.isLastHolderOfAny()).toBe(true);
    fake.fire('page:holders', { hash, holders: 2 });
    expect(relay.isLastHolderOfAny()).toBe(false);
  });

  it('holds a page once its verified bytes arrive, and fails the query on bytes that do not match', async () => {
    const { fake, queries, relay } = setup();
    const bad = fetchPage(queries, relay, hash);
    await tick();
    fake.take('page:want');
    fake.fire('page:content', { hash, bytes: textToBytes('something else').buffer });
    await expect(bad).rejects.toThrow('do not match this address');
    expect(queries.getQueryData(queryKeys.page(hash))).toBeUndefined();

    const good = fetchPage(queries, relay, hash);
    await tick();
    fake.take('page:want')[0].reply({ ok: true, holders: 1 });
    fake.fire('page:content', { hash, bytes: bytes.slice().buffer });
    expect(await good).toEqual(bytes);
    expect(queries.getQueryData(queryKeys.held)).toEqual([hash]);
    expect(fake.payloads('page:have')).toEqual([{ hash }]);
  });

  it('says why when the relay refuses or evicts, and clears it when held again', async () => {
    const { fake, queries, relay } = setup();
    await relay.share(bytes);
    fake.take('page:have')[0].reply({ ok: false, error: 'too_many_pages', message: 'at most 64 pages' });
    expect(queries.getQueryData(queryKeys.held)).toEqual([]);
    expect(queries.getQueryData(queryKeys.notice(hash))).toMatch(
      'would not let this tab hold the page: at most 64 pages',
    );

    await relay.holdAgain(hash);
    expect(queries.getQueryData(queryKeys.notice(hash))).toBeNull();
    fake.fire('page:evicted', { hash, reason: 'timeout' });
    expect(queries.getQueryData(queryKeys.held)).toEqual([]);
    expect(queries.getQueryData(queryKeys.holders(hash))).toBeUndefined();
    expect(queries.getQueryData(queryKeys.notice(hash))).toMatch('did not answer in time');
  });

  it('stops holding on Stop', async () => {
    const { fake, queries, relay } = setup();
    await relay.share(bytes);
    relay.stop(hash);
    expect(queries.getQueryData(queryKeys.held)).toEqual([]);
    expect(queries.getQueryData(queryKeys.holdStatus(hash))).toEqual({ state: 'released' });
    expect(fake.payloads('page:leave')).toEqual([{ hash }]);
  });

  it('holds and serves a private page as its sealed bytes, and keeps its key across a reload', async () => {
    const key = generatePageKey();
    const sealed = await sealPage(bytes, key);
    const first = setup();
    const sealedHash = await first.relay.share(sealed, encodePageKey(key));
    expect(first.queries.getQueryData(queryKeys.pageKey(sealedHash))).toBe(encodePageKey(key));
    first.stop();

    const second = setup(first.storage);
    // want() waits for the restore, then answers from this tab's own copy.
    expect(await second.relay.want(sealedHash, new AbortController().signal)).toEqual(sealed);
    expect(second.fake.take('page:want')).toHaveLength(0);
    expect(second.queries.getQueryData(queryKeys.held)).toEqual([sealedHash]);
    expect(second.queries.getQueryData(queryKeys.pageKey(sealedHash))).toBe(encodePageKey(key));
  });

  it('remembers the key that opened a received private page', async () => {
    const { fake, queries, relay, storage } = setup();
    const key = encodePageKey(generatePageKey());
    const page = fetchPage(queries, relay, hash);
    await tick();
    fake.fire('page:content', { hash, bytes: bytes.slice().buffer });
    await page;
    relay.rememberKey(hash, key);
    expect(queries.getQueryData(queryKeys.pageKey(hash))).toBe(key);
    expect(JSON.parse(storage.getItem(STORAGE_KEY)!).pages[0].key).toBe(key);
  });

  it('keeps held pages across a reload, but not ones whose bytes were altered', async () => {
    const first = setup();
    await first.relay.share(bytes);
    first.stop();
    const stored = JSON.parse(first.storage.getItem(STORAGE_KEY)!);
    stored.pages[0].bytes = Buffer.from('tampered').toString('base64');
    first.storage.setItem(STORAGE_KEY, JSON.stringify(stored));
    const second = setup(first.storage);
    await until(() => expect(JSON.parse(first.storage.getItem(STORAGE_KEY)!).pages).toEqual([]));
    expect(second.queries.getQueryData(queryKeys.held)).toBeUndefined();
  });

  it('warns on every held page when the tab cannot remember them across a reload', async () => {
    const storage = memoryStorage();
    storage.setItem = () => {
      throw new Error('QuotaExceededError');
    };
    const { queries, relay } = setup(storage);
    await relay.share(bytes);
    expect(queries.getQueryData(queryKeys.notice(hash))).toMatch('reloading this tab will drop');
  });

  it('watches the counts of the pages a meter shows while the tab is visible, and not while it is hidden', async () => {
    const { fake, queries, relay } = setup();
    await relay.share(bytes);
    fake.take('page:have')[0].reply({ ok: true, holders: 2 });
    expect(fake.take('page:watch')).toHaveLength(0);

    const unshow = relay.show(hash);
    const unshowAgain = relay.show(hash);
    expect(fake.payloads('page:watch')).toEqual([{ hash, watch: true }]);
    relay.setVisible(false);
    expect(fake.payloads('page:watch')).toEqual([{ hash, watch: false }]);
    relay.setVisible(true);
    const [watch] = fake.take('page:watch');
    expect(watch.payload).toEqual({ hash, watch: true });
    watch.reply({ ok: true, holders: 7 });
    expect(queries.getQueryData(queryKeys.holders(hash))).toBe(7);
    unshow();
    expect(fake.take('page:watch')).toHaveLength(0);
    unshowAgain();
    expect(fake.payloads('page:watch')).toEqual([{ hash, watch: false }]);
  });

  it('warns before leaving while this tab is the only holder, as the relay says even when the tab is hidden', async () => {
    const { fake, relay } = setup();
    await relay.share(bytes);
    expect(relay.isLastHolderOfAny()).toBe(true);
    fake.take('page:have')[0].reply({ ok: true, holders: 2 });
    expect(relay.isLastHolderOfAny()).toBe(false);
    relay.setVisible(false);
    fake.fire('page:sole', { hash, sole: true });
    expect(relay.isLastHolderOfAny()).toBe(true);
    fake.fire('page:sole', { hash, sole: false });
    expect(relay.isLastHolderOfAny()).toBe(false);
  });

  it('adopts a client started before React: the page that arrived early, its count and the early want', async () => {
    const fake = new FakeSocket();
    const client = new RelayClient(fake.socket, {
      url: 'http://relay.test',
      maxPageBytes: 1024,
      store: sessionPageStore(memoryStorage()),
    });
    // What the early start does (lib/client/tab-relay.ts): connect and want the page before any cache exists.
    client.start();
    const early = new AbortController();
    const earlyWant = client.want(hash, { hold: true, signal: early.signal });
    await tick();
    fake.take('page:want')[0].reply({ ok: true, holders: 1 });
    fake.fire('page:content', { hash, bytes: bytes.buffer });
    expect(await earlyWant).toEqual(bytes);
    fake.take('page:have')[0].reply({ ok: true, holders: 2 });

    const queries = new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity } } });
    let taken = 0;
    const relay = new PageRelay(client, queries, {
      takeEarlyWant: (wanted) =>
        wanted === hash && taken++ === 0 ? { promise: earlyWant, abort: () => early.abort() } : undefined,
    });
    relay.start();
    expect(queries.getQueryData(queryKeys.connection)).toEqual({ state: 'connected' });
    expect(queries.getQueryData(queryKeys.page(hash))).toEqual(bytes);
    expect(queries.getQueryData(queryKeys.held)).toEqual([hash]);
    expect(queries.getQueryData(queryKeys.holdStatus(hash))).toEqual({ state: 'holding' });
    expect(queries.getQueryData(queryKeys.holders(hash))).toBe(2);
    // Received before the app started: the viewer words it as received, not as shared from this tab.
    expect(relay.heldBeforeStart(hash)).toBe(true);
    expect(await relay.want(hash, new AbortController().signal)).toEqual(bytes);
    expect(taken).toBe(1);
    // The early start made the one socket; adopting it sent nothing twice.
    expect(fake.sent.filter((sent) => sent.event === 'page:want')).toHaveLength(0);
  });

  it('hands the early want to the page query, whose abort ends it', async () => {
    const fake = new FakeSocket();
    const client = new RelayClient(fake.socket, { url: 'http://relay.test', maxPageBytes: 1024 });
    client.start();
    const early = new AbortController();
    const earlyWant = client.want(hash, { hold: true, signal: early.signal });
    earlyWant.catch(() => {});
    await tick();
    fake.take('page:want')[0].reply({ ok: true, holders: 1 });
    const queries = new QueryClient();
    const relay = new PageRelay(client, queries, {
      takeEarlyWant: () => ({ promise: earlyWant, abort: () => early.abort() }),
    });
    relay.start();
    // The count the relay sent with its answer to the early want, before there was a cache.
    expect(queries.getQueryData(queryKeys.holders(hash))).toBe(1);
    const query = new AbortController();
    const wanted = relay.want(hash, query.signal);
    query.abort();
    await expect(wanted).rejects.toThrow('Stopped waiting');
    expect(fake.take('page:leave')).toHaveLength(1);
  });
});
