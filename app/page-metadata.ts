import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { CARD_IMAGE, PAGE_CARD, SITE_DESCRIPTION as DESCRIPTION, SITE_NAME } from '../lib/web/page-card';
import { publicOrigin } from '../lib/web/request-host';

/**
 * The origin the request came to (behind a proxy, the one it forwarded), so a
 * card's image URL is absolute on every deployment without a setting. Null
 * when the headers name no plain host: Next.js then uses its own fallback
 * (the Vercel deployment's URL, or localhost), never what the client sent.
 */
async function requestOrigin(): Promise<URL | null> {
  const request = await headers();
  const origin = publicOrigin(request, 'http:');
  return origin ? new URL(origin) : null;
}

/** The site's card: description and the static image; each page sets its own title. */
export async function siteMetadata(): Promise<Metadata> {
  return {
    metadataBase: await requestOrigin(),
    description: DESCRIPTION,
    referrer: 'no-referrer',
    openGraph: {
      type: 'website',
      siteName: SITE_NAME,
      title: SITE_NAME,
      description: DESCRIPTION,
      images: [CARD_IMAGE],
    },
    twitter: { card: 'summary_large_image', title: SITE_NAME, description: DESCRIPTION, images: [CARD_IMAGE] },
  };
}

/**
 * A page address: the generic card, and never indexed (the address goes dead
 * when its last holder leaves). No `title`: the viewer renders its own, with
 * the page's name and count, and two would fight.
 */
export function pageAddressMetadata(): Metadata {
  return {
    description: PAGE_CARD.description,
    robots: { index: false, follow: false },
    openGraph: { type: 'website', siteName: SITE_NAME, ...PAGE_CARD, images: [CARD_IMAGE] },
    twitter: { card: 'summary_large_image', ...PAGE_CARD, images: [CARD_IMAGE] },
  };
}
