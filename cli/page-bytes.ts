import { decodePageKey, isSealedPage, openPage, PrivatePageError } from '../lib/client/private-page';
import { CliError } from './errors';

/**
 * What a page's bytes mean to a reader: a public page's are its content; a
 * private page's are opened with the link's key. A CliError says why not.
 */
export async function pageContent(bytes: Uint8Array, key: string | null): Promise<Uint8Array> {
  if (!isSealedPage(bytes)) return bytes;
  try {
    return await openPage(bytes, key === null ? null : decodePageKey(key));
  } catch (error) {
    if (error instanceof PrivatePageError) throw new CliError(error.message);
    throw error;
  }
}
