import { sha256Hex, textToBytes } from '../lib/hash';

/** The page every run shares: its bytes and their address. */
export interface Page {
  bytes: Uint8Array;
  hash: string;
}

/** A text page of exactly `size` UTF-8 bytes. */
export async function makePage(size: number): Promise<Page> {
  const line = 'The storm: many visitors want one page at once.\n';
  const bytes = textToBytes(line.repeat(Math.ceil(size / line.length)).slice(0, size));
  return { bytes, hash: await sha256Hex(bytes) };
}
