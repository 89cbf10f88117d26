import { PROTOCOL_VERSION } from '@/lib/protocol';
import { sha256Hex, textToBytes } from '@/lib/hash';
import {
  memoryPageStore,
  RelayClient,
  RelayError,
  type ConnectionStatus,
  type HeldPageStore,
  type HoldStatus,
} from '@/lib/relay-client';
import { FakeSocket } from '../helpers/fake-socket';

const URL = 'http://relay.test:4000';
const MAX_PAGE_BYTES = 1024;
const bytes = textToBytes('a page worth keeping');
const other = textToBytes('another page');
let hash: string;
let otherHash: string;
beforeAll(async () => {
  hash = await sha256Hex(bytes);
  otherHash = await sha256Hex(other);
});

function setup(options: { store?: HeldPageStore; connected?: boolean } = {}) {
  const fake = new FakeSocket();
  const client = new RelayClient(fake.socket, { url: URL, maxPageBytes: MAX_PAGE_BYTES, store: options.store });
  const connection: ConnectionStatus[] = [];
  const holds: { hash: string; status: HoldStatus }[] = [];
  const holders: { hash: string; holders: number }[] = [];
  client.on('connection', (status) => connection.push(status));
  client.on('hold', (change) => holds.push(change));
  client.on('holders', (count) => holders.push(count));
  if (options.connected !== false) client.start();
  return { fake, client, connection, holds, holders };
}

/** Lets the client's pending promises run (a want waits for the restore first). */
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** What a holder answers to `page:request` for `hash`. */
function request(fake: FakeSocket, forHash: string) {
  const answer = jest.fn();
  fake.fire('page:request', { hash: forHash }, answer);
  return answer.mock.calls[0][0];
}

/** Waits for the client's restore (it hashes with WebCrypto, off the main thread). */
function nextHold(client: RelayClient, forHash: string): Promise<HoldStatus> {
  return new Promise((resolve) => {
    const off = client.on('hold', (change) => {
      if (change.hash !== forHash) return;
      off();
      resolve(change.status);
    });
  });
}

describe('RelayClient: holding', () => {
  it('shares a page: announces it, is holding only once the relay acks, and serves it', async () => {
    const { fake, client, holds, holders } = setup();
    expect(fake.auth).toEqual({ protocol: PROTOCOL_VERSION });
    expect(await client.share(bytes)).toBe(hash);
    expect(client.holdStatus(hash)).toEqual({ state: 'announcing' });
    const [have] = fake.take('page:have');
    expect(have.payload).toEqual({ hash });
    have.reply({ ok: true, holders: 1 });
    expect(client.holdStatus(hash)).toEqual({ state: 'holding' });
    expect(holds.map((h) => h.status.state)).toEqual(['announcing', 'holding']);
    expect(holders).toEqual([{ hash, holders: 1 }]);
    expect(client.holders(hash)).toBe(1);
    expect(request(fake, hash)).toEqual({ ok: true, bytes });
  });

  it('answers page:request only for pages it holds', async () => {
    const { fake, client } = setup();
    await client.share(bytes);
    expect(request(fake, otherHash)).toEqual({ ok: false });
    client.stop(hash);
    expect(request(fake, hash)).toEqual({ ok: false });
  });

  it('announces a page shared while offline as soon as it connects', async () => {
    const { fake, client } = setup({ connected: false });
    await client.share(bytes);
    expect(fake.take('page:have')).toHaveLength(0);
    client.start();
    expect(fake.payloads('page:have')).toEqual([{ hash }]);
  });

  it('holds bytes it already has only if they hash to the address', async () => {
    const { fake, client } = setup();
    await expect(client.hold(hash, other)).rejects.toMatchObject({ code: 'bad_bytes' });
    expect(client.held()).toEqual([]);
    expect(fake.take('page:have')).toHaveLength(0);
    await client.hold(hash, bytes, { key: 'k' });
    expect(client.page(hash)).toEqual({ hash, bytes, key: 'k' });
    expect(fake.payloads('page:have')).toEqual([{ hash }]);
  });

  it("surfaces a refused page:have with the relay's message and stops holding", async () => {
    const { fake, client } = setup();
    await client.share(bytes);
    const settled = client.announced(hash);
    fake.take('page:have')[0].reply({ ok: false, error: 'too_many_pages', message: 'at most 64 pages' });
    const refused = { state: 'refused', error: 'too_many_pages', message: 'at most 64 pages' };
    expect(await settled).toEqual(refused);
    expect(client.held()).toEqual([]);
    expect(request(fake, hash)).toEqual({ ok: false });
  });

  it('stays announcing when the ack never comes, and announces again on the next connection', async () => {
    const { fake, client } = setup();
    await client.share(bytes);
    fake.take('page:have')[0].timeOut();
    expect(client.holdStatus(hash)).toEqual({ state: 'announcing' });
    fake.drop();
    fake.connect();
    expect(fake.payloads('page:have')).toEqual([{ hash }]);
  });

  it('lets go of a page when stopped or evicted, saying which', async () => {
    const { fake, client, holds } = setup();
    await client.share(bytes);
    client.stop(hash);
    expect(fake.payloads('page:leave')).toEqual([{ hash }]);
    expect(holds.at(-1)).toEqual({ hash, status: { state: 'released' } });

    await client.share(bytes);
    fake.fire('page:evicted', { hash, reason: 'timeout' });
    expect(holds.at(-1)).toEqual({ hash, status: { state: 'evicted', reason: 'timeout' } });
    expect(client.held()).toEqual([]);
    expect(client.holders(hash)).toBeUndefined();
    expect(request(fake, hash)).toEqual({ ok: false });
  });
});

describe('RelayClient: wanting', () => {
  it('fetches a page without holding it', async () => {
    const { fake, client } = setup();
    const page = client.want(hash, { hold: false });
    await tick();
    const [want] = fake.take('page:want');
    expect(want.payload).toEqual({ hash });
    want.reply({ ok: true, holders: 2 });
    expect(client.holders(hash)).toBe(2);
    fake.fire('page:content', { hash, bytes: bytes.slice().buffer });
    expect(await page).toEqual(bytes);
    expect(client.held()).toEqual([]);
    expect(fake.take('page:have')).toHaveLength(0);
    expect(client.holders(hash)).toBeUndefined();
  });

  it('fetches a page and holds it', async () => {
    const { fake, client } = setup();
    const page = client.want(hash, { hold: true });
    await tick();
    fake.take('page:want')[0].reply({ ok: true, holders: 1 });
    fake.fire('page:content', { hash, bytes: bytes.slice().buffer });
    expect(await page).toEqual(bytes);
    expect(client.held()).toEqual([hash]);
    expect(fake.payloads('page:have')).toEqual([{ hash }]);
  });

  it('never returns, holds or serves bytes that do not match the address', async () => {
    const { fake, client } = setup();
    const page = client.want(hash, { hold: true });
    await tick();
    fake.take('page:want');
    fake.fire('page:content', { hash, bytes: other.slice().buffer });
    await expect(page).rejects.toMatchObject({ code: 'bad_bytes' });
    expect(client.held()).toEqual([]);
    expect(fake.take('page:have')).toHaveLength(0);
    expect(request(fake, hash)).toEqual({ ok: false });
  });

  it("rejects with the relay's code and message when it refuses a want", async () => {
    const { fake, client } = setup();
    const page = client.want(hash, { hold: true });
    await tick();
    fake.take('page:want')[0].reply({ ok: false, error: 'rate_limited', message: 'slow down' });
    const error: RelayError = await page.catch((err) => err);
    expect(error).toBeInstanceOf(RelayError);
    expect(error).toMatchObject({ code: 'rate_limited', message: 'slow down' });
  });

  it('asks once for a page several callers want, and answers them all', async () => {
    const { fake, client } = setup();
    const first = client.want(hash, { hold: false });
    const second = client.want(hash, { hold: true });
    await tick();
    expect(fake.take('page:want')).toHaveLength(1);
    fake.fire('page:content', { hash, bytes: bytes.slice().buffer });
    expect(await first).toEqual(bytes);
    expect(await second).toEqual(bytes);
    expect(client.held()).toEqual([hash]);
  });

  it('never sends page:want for a page it holds', async () => {
    const { fake, client } = setup();
    await client.share(bytes);
    expect(await client.want(hash, { hold: true })).toEqual(bytes);
    fake.drop();
    fake.connect();
    expect(fake.take('page:want')).toHaveLength(0);
    expect(fake.payloads('page:have')).toEqual([{ hash }, { hash }]);
  });

  it('answers a waiting want from a page shared meanwhile, leaving before announcing', async () => {
    const { fake, client } = setup();
    const page = client.want(hash, { hold: false });
    await tick();
    fake.take('page:want');
    await client.share(bytes);
    expect(await page).toEqual(bytes);
    expect(fake.sent.map((s) => s.event)).toEqual(['page:leave', 'page:have']);
  });

  it('keeps waiting while nobody holds the page and across reconnects', async () => {
    const { fake, client } = setup();
    const page = client.want(hash, { hold: false });
    await tick();
    fake.take('page:want')[0].reply({ ok: true, holders: 0 });
    expect(client.holders(hash)).toBe(0);
    fake.drop();
    expect(fake.take('page:want')).toHaveLength(0);
    fake.connect();
    expect(fake.payloads('page:want')).toEqual([{ hash }]);
    fake.fire('page:holders', { hash, holders: 1 });
    fake.fire('page:content', { hash, bytes });
    expect(await page).toEqual(bytes);
  });

  it('stops waiting when its signal aborts, leaving only when the last caller does', async () => {
    const { fake, client } = setup();
    const first = new AbortController();
    const second = new AbortController();
    const a = client.want(hash, { hold: false, signal: first.signal });
    const b = client.want(hash, { hold: false, signal: second.signal });
    await tick();
    fake.take('page:want');
    first.abort();
    await expect(a).rejects.toMatchObject({ code: 'aborted' });
    expect(fake.take('page:leave')).toHaveLength(0);
    second.abort();
    await expect(b).rejects.toMatchObject({ code: 'aborted' });
    expect(fake.payloads('page:leave')).toEqual([{ hash }]);
    fake.fire('page:holders', { hash, holders: 3 });
    expect(client.holders(hash)).toBeUndefined();
  });

  it('while arrived bytes are being verified, a new caller joins their wait and an aborting one stops at once', async () => {
    const { fake, client } = setup();
    const controller = new AbortController();
    const aborting = client.want(hash, { hold: false, signal: controller.signal });
    await tick();
    fake.take('page:want')[0].reply({ ok: true, holders: 2 });
    fake.fire('page:content', { hash, bytes: bytes.slice().buffer });
    const joining = client.want(hash, { hold: true });
    controller.abort();
    await expect(aborting).rejects.toMatchObject({ code: 'aborted' });
    expect(await joining).toEqual(bytes);
    expect(fake.take('page:want')).toHaveLength(0);
    expect(fake.take('page:leave')).toHaveLength(0);
    expect(client.held()).toEqual([hash]);
    expect(client.holders(hash)).toBe(2);
  });

  it('lists held pages in the order they were taken, not wanted', async () => {
    const { fake, client } = setup();
    const page = client.want(hash, { hold: true });
    await tick();
    await client.share(other);
    fake.fire('page:content', { hash, bytes: bytes.slice().buffer });
    await page;
    expect(client.held()).toEqual([otherHash, hash]);
  });
});

describe('RelayClient: connection', () => {
  it('reports connecting, connected, reconnecting and unreachable with the URL', () => {
    const { fake, client, connection } = setup({ connected: false });
    expect(client.connection).toEqual({ state: 'connecting' });
    client.start();
    fake.drop();
    fake.unreachable();
    fake.connect();
    expect(connection).toEqual([
      { state: 'connected' },
      { state: 'reconnecting' },
      { state: 'unreachable', url: URL, message: 'xhr poll error' },
      { state: 'connected' },
    ]);
  });

  it('reports closed, not reconnecting, when the socket will not reconnect', () => {
    const { fake, client } = setup();
    fake.reconnection = false;
    fake.drop();
    expect(client.connection).toEqual({ state: 'closed' });
  });

  it("surfaces the relay's refusal from connect_error", () => {
    const { fake, client } = setup({ connected: false });
    fake.connect = () => fake;
    client.start();
    fake.refuse({ code: 'unsupported_protocol', message: 'this relay speaks protocol 1 only' });
    expect(client.connection).toEqual({
      state: 'refused',
      refusal: { code: 'unsupported_protocol', message: 'this relay speaks protocol 1 only' },
    });
  });

  it('re-announces held pages (announcing until acked again) and re-sends wants after a reconnect', async () => {
    const { fake, client } = setup();
    await client.share(bytes);
    fake.take('page:have')[0].reply({ ok: true, holders: 1 });
    void client.want(otherHash, { hold: true });
    await tick();
    fake.take('page:want');
    fake.drop();
    expect(client.holdStatus(hash)).toEqual({ state: 'announcing' });
    fake.connect();
    const [have] = fake.take('page:have');
    expect(have.payload).toEqual({ hash });
    expect(fake.payloads('page:want')).toEqual([{ hash: otherHash }]);
    have.reply({ ok: true, holders: 1 });
    expect(client.holdStatus(hash)).toEqual({ state: 'holding' });
  });

  it('closes and starts again, announcing again and keeping its wants', async () => {
    const { fake, client } = setup();
    await client.share(bytes);
    const page = client.want(otherHash, { hold: false });
    await tick();
    fake.sent = [];
    client.close();
    expect(client.connection).toEqual({ state: 'closed' });
    expect(fake.listeners('page:request')).toBe(0);
    client.start();
    expect(fake.sent.map((s) => s.event)).toEqual(['page:have', 'page:want']);
    fake.fire('page:content', { hash: otherHash, bytes: other });
    expect(await page).toEqual(other);
  });

  it('ignores counts for pages it neither holds nor wants', () => {
    const { fake, holders } = setup();
    fake.fire('page:holders', { hash, holders: 4 });
    expect(holders).toEqual([]);
  });
});

describe('RelayClient: storage', () => {
  it('restores stored pages, verified, and never wants them: a want before start waits for the restore', async () => {
    const store = memoryPageStore();
    const first = setup({ store });
    await first.client.share(bytes, { key: 'link-key' });
    first.client.close();

    const second = setup({ store, connected: false });
    const own = second.client.want(hash, { hold: true });
    const restored = nextHold(second.client, hash);
    second.client.start();
    expect(await restored).toEqual({ state: 'announcing' });
    expect(await own).toEqual(bytes);
    expect(second.client.page(hash)).toEqual({ hash, bytes, key: 'link-key' });
    expect(second.fake.payloads('page:have')).toEqual([{ hash }]);
    expect(second.fake.take('page:want')).toHaveLength(0);
  });

  it('drops stored pages whose bytes no longer match, and forgets them in the store', async () => {
    const store = memoryPageStore();
    store.save([
      { hash, bytes: textToBytes('tampered') },
      { hash: otherHash, bytes: other },
    ]);
    const { client, fake } = setup({ store });
    expect(await client.want(otherHash, { hold: true })).toEqual(other);
    expect(client.held()).toEqual([otherHash]);
    expect(fake.payloads('page:have')).toEqual([{ hash: otherHash }]);
    expect((await store.load()).map((p) => p.hash)).toEqual([otherHash]);
  });

  it('says when the store cannot keep the held pages, and still holds them', async () => {
    const { client, fake } = setup({
      store: {
        load: () => [],
        save: () => {
          throw new Error('quota exceeded');
        },
      },
    });
    const unsaved = jest.fn();
    client.on('unsaved', unsaved);
    await client.share(bytes);
    expect(unsaved).toHaveBeenLastCalledWith({ error: new Error('quota exceeded') });
    expect(client.held()).toEqual([hash]);
    expect(fake.payloads('page:have')).toEqual([{ hash }]);
  });
});

describe('RelayClient: watching counts', () => {
  it('watches a held page once its page:have is acknowledged, and takes the count from the ack', async () => {
    const { fake, client, holders } = setup();
    client.watch(hash, true);
    await client.share(bytes);
    expect(fake.take('page:watch')).toHaveLength(0);
    fake.take('page:have')[0].reply({ ok: true, holders: 3 });
    const [watch] = fake.take('page:watch');
    expect(watch.payload).toEqual({ hash, watch: true });
    watch.reply({ ok: true, holders: 4 });
    expect(holders.map((h) => h.holders)).toEqual([3, 4]);
  });

  it('stops and starts watching a held page at once, and watches again after a reconnect', async () => {
    const { fake, client } = setup();
    await client.share(bytes);
    fake.take('page:have')[0].reply({ ok: true, holders: 2 });
    client.watch(hash, true);
    client.watch(hash, true);
    expect(fake.payloads('page:watch')).toEqual([{ hash, watch: true }]);
    client.watch(hash, false);
    expect(fake.payloads('page:watch')).toEqual([{ hash, watch: false }]);
    client.watch(hash, true);
    fake.take('page:watch');

    fake.drop();
    fake.connect();
    fake.take('page:have')[0].reply({ ok: true, holders: 2 });
    expect(fake.payloads('page:watch')).toEqual([{ hash, watch: true }]);
  });

  it('knows when it is the only holder from acks, counts and page:sole, watching or not', async () => {
    const { fake, client } = setup();
    const soles: boolean[] = [];
    client.on('sole', ({ sole }) => soles.push(sole));
    await client.share(bytes);
    fake.take('page:have')[0].reply({ ok: true, holders: 1 });
    expect(client.isOnlyHolder(hash)).toBe(true);
    fake.fire('page:sole', { hash, sole: false });
    expect(client.isOnlyHolder(hash)).toBe(false);
    fake.fire('page:sole', { hash, sole: true });
    fake.fire('page:sole', { hash: otherHash, sole: true });
    expect(client.isOnlyHolder(hash)).toBe(true);
    expect(client.isOnlyHolder(otherHash)).toBe(false);
    client.stop(hash);
    expect(client.isOnlyHolder(hash)).toBe(false);
    expect(soles).toEqual([true, false, true, false]);
  });
});
