import { createCipheriv } from 'node:crypto';

/**
 * The attack key commitment stops: AES-GCM ciphertext and tag that two
 * different keys both authenticate (and so decrypt, to two different texts).
 * GHASH is linear in each ciphertext block, so one free block is solved for
 * in GF(2^128) to make both keys' tags equal.
 */

const R = 0xe1n << 120n;
const MASK = (1n << 128n) - 1n;

function gmul(x: bigint, y: bigint): bigint {
  let z = 0n;
  let v = y;
  for (let i = 127n; i >= 0n; i -= 1n) {
    if ((x >> i) & 1n) z ^= v;
    v = v & 1n ? (v >> 1n) ^ R : v >> 1n;
  }
  return z & MASK;
}

/** x^(2^128 - 2): the inverse, as in any field of 2^128 elements. */
function ginv(x: bigint): bigint {
  let result = 1n << 127n; // GCM's bit order: the field's 1 is the top bit.
  let base = x;
  for (let e = (1n << 128n) - 2n; e > 0n; e >>= 1n) {
    if (e & 1n) result = gmul(result, base);
    base = gmul(base, base);
  }
  return result;
}

const toInt = (block: Uint8Array) => BigInt(`0x${Buffer.from(block).toString('hex') || '0'}`);
const toBlock = (n: bigint) => Buffer.from(n.toString(16).padStart(32, '0'), 'hex');

function aesBlock(key: Uint8Array, block: Uint8Array): bigint {
  const cipher = createCipheriv('aes-256-ecb', key, null).setAutoPadding(false);
  return toInt(Buffer.concat([cipher.update(block), cipher.final()]));
}

function blocks(bytes: Uint8Array): bigint[] {
  const out: bigint[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    const block = Buffer.alloc(16);
    block.set(bytes.subarray(i, i + 16));
    out.push(toInt(block));
  }
  return out;
}

/**
 * `header` (the AAD) followed by ciphertext blocks and a tag that both AES
 * keys open with `nonce`: `blockCount` blocks, the last one solved for.
 */
export function collidingCiphertext(
  keys: [Uint8Array, Uint8Array],
  nonce: Uint8Array,
  header: Uint8Array,
  blockCount = 2,
): Uint8Array {
  const j0 = Buffer.concat([nonce, Buffer.from([0, 0, 0, 1])]);
  const [h1, h2] = keys.map((key) => aesBlock(key, Buffer.alloc(16)));
  const [e1, e2] = keys.map((key) => aesBlock(key, j0));
  const lengths = (BigInt(header.length * 8) << 64n) | BigInt(blockCount * 16 * 8);
  // All blocks GHASH sees, the free one (the last ciphertext block) as 0 for now.
  const sequence = [...blocks(header), ...Array<bigint>(blockCount).fill(0n), lengths];
  const ghash = (h: bigint) => sequence.reduce((y, x) => gmul(y ^ x, h), 0n);
  const free = sequence.length - 2;
  // The free block is multiplied by H^2 (it is followed by the lengths block).
  const h1sq = gmul(h1, h1);
  const h2sq = gmul(h2, h2);
  const x = gmul(ghash(h1) ^ ghash(h2) ^ e1 ^ e2, ginv(h1sq ^ h2sq));
  sequence[free] = x;
  const tag = ghash(h1) ^ e1;
  const ciphertext = Buffer.concat([...Array(blockCount - 1).fill(Buffer.alloc(16)), toBlock(x)]);
  return Buffer.concat([header, ciphertext, toBlock(tag)]);
}
