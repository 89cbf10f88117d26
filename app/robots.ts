import type { MetadataRoute } from 'next';

/**
 * Crawling is allowed on purpose: page addresses answer with `noindex` (header
 * and meta), which a crawler can only obey if it may fetch them, and link
 * preview bots that honour robots.txt still get the generic card.
 */
export default function robots(): MetadataRoute.Robots {
  return { rules: { userAgent: '*', allow: '/', disallow: '/api/' } };
}
