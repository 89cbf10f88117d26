import { sessionPageStore, storesHeldPages } from '../../lib/client/session-page-store';

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> {
  const items = new Map<string, string>();
  return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

describe('session page store', () => {
  it('says whether the tab kept pages: none at first, some once held, none once all are stopped', () => {
    const storage = memoryStorage();
    const store = sessionPageStore(storage);
    expect(storesHeldPages(storage)).toBe(false);
    store.save([{ hash: 'a'.repeat(64), bytes: new Uint8Array([1, 2]) }]);
    expect(storesHeldPages(storage)).toBe(true);
    expect(store.load()).toEqual([{ hash: 'a'.repeat(64), bytes: new Uint8Array([1, 2]) }]);
    store.save([]);
    expect(storesHeldPages(storage)).toBe(false);
  });
});
