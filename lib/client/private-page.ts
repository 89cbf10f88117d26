/**
 * Private pages: a page's text sealed with AES-256-GCM in the browser, so the
 * relay carries and verifies only ciphertext. The sealed bytes are the page as
 * PROTOCOL.md sees it (its address is their SHA-256); the key travels only in
 * the link's fragment, `/<hash>#k=<base64url key>`, which browsers never send.
 *
 * Sealed page layout, version 2 (what is sealed now), {@link SEALED_OVERHEAD} bytes longer than the text:
 *
 * | offset | length | content                                                        |
 * |--------|--------|----------------------------------------------------------------|
 * | 0      | 4      | magic `FF 50 32 50` ("\xFFP2P")                               |
 * | 4      | 1      | format version, `02`                                           |
 * | 5      | 12     | nonce: random, fresh for every page                            |
 * | 17     | 32     | key commitment: HMAC-SHA256(commit key, label ‖ nonce)         |
 * | 49     | n + 16 | AES-256-GCM ciphertext of the n text bytes, then its 16-byte tag |
 *
 * The encryption key and the commit key are derived from the link's key with
 * HKDF-SHA256 under two labels. GCM alone does not commit to its key: an
 * author can craft one ciphertext that two keys both open, to two texts, at
 * one address. The commitment is checked before decrypting; a second key
 * would need an HMAC collision. Version 1 (no commitment, the link's key used
 * directly, a 17-byte header) still opens. Either way the whole header is
 * GCM's additional authenticated data. The magic starts with 0xFF, which
 * never occurs in UTF-8: a public page can never be mistaken for a private one.
 */

const MAGIC = [0xff, 0x50, 0x32, 0x50] as const;
const V1 = 1;
const V2 = 2;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const COMMITMENT_BYTES = 32;
const NONCE_AT = MAGIC.length + 1;
const V1_HEADER_BYTES = NONCE_AT + NONCE_BYTES;
const V2_HEADER_BYTES = V1_HEADER_BYTES + COMMITMENT_BYTES;
const KEY_BYTES = 32;
const LABELS = {
  encrypt: 'ephemeral-p2p private page v2: encryption key',
  commitKey: 'ephemeral-p2p private page v2: commitment key',
  commitment: 'ephemeral-p2p private page v2: key commitment',
};

/** How many bytes sealing adds to a page's text. */
export const SEALED_OVERHEAD = V2_HEADER_BYTES + TAG_BYTES;

/** Why a sealed page could not be opened (or sealed). */
export type PrivatePageProblem =
  'missing_key' | 'bad_key' | 'wrong_key' | 'truncated' | 'unknown_version' | 'no_crypto';

const MESSAGES: Record<PrivatePageProblem, { title: string; detail: string }> = {
  missing_key: {
    title: 'This link is missing its key',
    detail:
      'This is a private page: it can only be read with the full link, including the part after #k=. Ask whoever sent it for the whole link.',
  },
  bad_key: {
    title: 'This key does not open this page',
    detail: 'The key in the link is damaged: it must be the 43 characters after #k=. Ask for the whole link again.',
  },
  wrong_key: {
    title: 'This key does not open this page',
    detail: 'The link carries a different key from the one this page was locked with. Ask for the whole link again.',
  },
  truncated: { title: 'This private page cannot be read', detail: 'Its bytes are too short to be an encrypted page.' },
  unknown_version: {
    title: 'This private page cannot be read here',
    detail: 'It was made in a newer format than this app knows. Reload to get the latest version of the app.',
  },
  no_crypto: {
    title: 'Private pages need a secure connection',
    detail: 'This browser offers encryption only over https or on localhost, not on this address.',
  },
};

/** A private page that cannot be opened or sealed: a short title and a sentence on what to do. */
export class PrivatePageError extends Error {
  readonly title: string;
  readonly detail: string;
  constructor(readonly problem: PrivatePageProblem) {
    super(`${MESSAGES[problem].title}. ${MESSAGES[problem].detail}`);
    this.name = 'PrivatePageError';
    this.title = MESSAGES[problem].title;
    this.detail = MESSAGES[problem].detail;
  }
}

/** True when the bytes are a sealed page of any version: they start with the magic. */
export function isSealedPage(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC.length && MAGIC.every((b, i) => bytes[i] === b);
}

/** WebCrypto's types taken from the global, so this module compiles for Node (without the "dom" lib) too. */
type Subtle = NonNullable<typeof globalThis.crypto>['subtle'];
type AesKey = Awaited<ReturnType<Subtle['importKey']>>;

function subtleCrypto(): Subtle {
  // Missing outside secure contexts, such as plain http on a LAN address.
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new PrivatePageError('no_crypto');
  return subtle;
}

const utf8 = (text: string) => new TextEncoder().encode(text);

function checkKey(key: Uint8Array): Uint8Array<ArrayBuffer> {
  if (key.length !== KEY_BYTES) throw new PrivatePageError('bad_key');
  return key as Uint8Array<ArrayBuffer>;
}

/** Version 1 (opened, never sealed any more): the link's key is the AES key. */
function importV1Key(key: Uint8Array): Promise<AesKey> {
  return subtleCrypto().importKey('raw', checkKey(key), 'AES-GCM', false, ['decrypt']);
}

/** Version 2: the AES key and the commitment for this nonce, both derived from the link's key. */
async function v2Keys(key: Uint8Array, nonce: Uint8Array, use: 'encrypt' | 'decrypt') {
  const subtle = subtleCrypto();
  const base = await subtle.importKey('raw', checkKey(key), 'HKDF', false, ['deriveKey']);
  const hkdf = (label: string) => ({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: utf8(label) });
  const aes = await subtle.deriveKey(hkdf(LABELS.encrypt), base, { name: 'AES-GCM', length: 256 }, false, [use]);
  const mac = await subtle.deriveKey(hkdf(LABELS.commitKey), base, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const input = new Uint8Array([...utf8(LABELS.commitment), ...nonce]);
  return { aes, commitment: new Uint8Array(await subtle.sign('HMAC', mac, input)) };
}

/** Compares without an early exit, so the time taken says nothing about where two commitments differ. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < a.length; i += 1) difference |= a[i] ^ b[i % b.length];
  return difference === 0;
}

/** A fresh random 256-bit key. */
export function generatePageKey(): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(KEY_BYTES));
}

/** Seals a page's text bytes under `key` (format version 2) with a fresh random nonce. */
export async function sealPage(text: Uint8Array, key: Uint8Array): Promise<Uint8Array> {
  const nonce = globalThis.crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
  const { aes, commitment } = await v2Keys(key, nonce, 'encrypt');
  const header = new Uint8Array(V2_HEADER_BYTES);
  header.set(MAGIC);
  header[MAGIC.length] = V2;
  header.set(nonce, NONCE_AT);
  header.set(commitment, V1_HEADER_BYTES);
  const ciphertext = await subtleCrypto().encrypt(
    { name: 'AES-GCM', iv: nonce, additionalData: header, tagLength: TAG_BYTES * 8 },
    aes,
    text as Uint8Array<ArrayBuffer>,
  );
  const sealed = new Uint8Array(V2_HEADER_BYTES + ciphertext.byteLength);
  sealed.set(header);
  sealed.set(new Uint8Array(ciphertext), V2_HEADER_BYTES);
  return sealed;
}

/** Seals a new page under a fresh key: its bytes for the relay and the key for its link's `#k=`. */
export async function sealWithNewKey(text: Uint8Array): Promise<{ bytes: Uint8Array; key: string }> {
  const key = generatePageKey();
  return { bytes: await sealPage(text, key), key: encodePageKey(key) };
}

/** The header's length for a sealed page's version byte, or null for a version this code does not know. */
function headerBytes(version: number): number | null {
  if (version === V1) return V1_HEADER_BYTES;
  if (version === V2) return V2_HEADER_BYTES;
  return null;
}

/**
 * The text bytes of a sealed page (version 1 or 2). Throws
 * {@link PrivatePageError}: `truncated` or `unknown_version` for bytes that
 * are not a readable sealed page, `bad_key` or `wrong_key` when the key does
 * not open it (a version 2 page's commitment is checked first; GCM
 * authenticates, so a wrong key or any changed byte never yields garbage).
 */
export async function openPage(sealed: Uint8Array, key: Uint8Array | null): Promise<Uint8Array> {
  if (sealed.length < V1_HEADER_BYTES + TAG_BYTES || !isSealedPage(sealed)) throw new PrivatePageError('truncated');
  const version = sealed[MAGIC.length];
  const headerLength = headerBytes(version);
  if (headerLength === null) throw new PrivatePageError('unknown_version');
  if (sealed.length < headerLength + TAG_BYTES) throw new PrivatePageError('truncated');
  if (!key) throw new PrivatePageError('missing_key');
  // Page bytes come from a socket or sessionStorage: never a SharedArrayBuffer.
  const bytes = sealed as Uint8Array<ArrayBuffer>;
  const header = bytes.subarray(0, headerLength);
  const nonce = header.subarray(NONCE_AT, NONCE_AT + NONCE_BYTES);
  let aes: AesKey;
  if (version === V1) aes = await importV1Key(key);
  else {
    const derived = await v2Keys(key, nonce, 'decrypt');
    if (!sameBytes(derived.commitment, header.subarray(V1_HEADER_BYTES))) throw new PrivatePageError('wrong_key');
    aes = derived.aes;
  }
  try {
    const text = await subtleCrypto().decrypt(
      { name: 'AES-GCM', iv: nonce, additionalData: header, tagLength: TAG_BYTES * 8 },
      aes,
      bytes.subarray(headerLength),
    );
    return new Uint8Array(text);
  } catch {
    throw new PrivatePageError('wrong_key');
  }
}

/** The key as it appears in a link: unpadded base64url (43 characters). */
export function encodePageKey(key: Uint8Array): string {
  return btoa(String.fromCharCode(...key))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** The key bytes of a link's `k=` value; throws `bad_key` for anything that is not a 256-bit base64url key. */
export function decodePageKey(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]{43}$/.test(text)) throw new PrivatePageError('bad_key');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '=');
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** The `k=` value of a URL fragment (`#k=…`), or null when the fragment has none. */
export function keyFromFragment(fragment: string): string | null {
  const params = new URLSearchParams(fragment.replace(/^#/, ''));
  return params.get('k');
}

/** The path and fragment of a page's link: `/<hash>`, or `/<hash>#k=<key>` for a private page. */
export function pagePath(hash: string, key: string | null | undefined): string {
  return key ? `/${hash}#k=${key}` : `/${hash}`;
}
