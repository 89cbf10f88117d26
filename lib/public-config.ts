import { z } from 'zod';

function isHttpUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * The web app's public settings, served at `GET /api/config` (PROTOCOL.md) so a
 * client outside the browser finds the relay from a page link alone.
 */
export const publicConfigShape = z.object({
  /** The sidecar's absolute http(s) URL. */
  realtimeUrl: z.string().refine(isHttpUrl),
  /** Largest page the relay carries, in bytes. */
  pageMaxBytes: z.number().int().positive(),
  /** The protocol version the app's own clients speak. */
  protocol: z.number().int().positive(),
});

export type PublicConfig = z.infer<typeof publicConfigShape>;
