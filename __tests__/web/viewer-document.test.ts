import { PLACEHOLDER_HASH, type ViewerBuild } from '../../viewer/document-parts';
import { viewerDocument } from '../../lib/web/viewer-document';
import { viewerDocumentPath } from '../../lib/web/viewer-route';

const HASH = 'a'.repeat(64);

describe('which requests get the viewer document', () => {
  const request = (pathname: string, { method = 'GET', dest = 'document' as string | null } = {}) => ({
    method,
    pathname,
    headers: new Headers(dest === null ? {} : { 'sec-fetch-dest': dest }),
  });

  it('a browser opening a page address, and a client that does not say what it fetches', () => {
    expect(viewerDocumentPath(request(`/${HASH}`))).toBe(`/viewer-document/${HASH}`);
    expect(viewerDocumentPath(request(`/${HASH}`, { method: 'HEAD' }))).toBe(`/viewer-document/${HASH}`);
    expect(viewerDocumentPath(request(`/${HASH}`, { dest: null }))).toBe(`/viewer-document/${HASH}`);
  });

  it('not Next navigating from its own pages (a fetch), which keeps its page and the connection', () => {
    expect(viewerDocumentPath(request(`/${HASH}`, { dest: 'empty' }))).toBeNull();
  });

  it('not what is no page address: Next redirects capitals and explains the rest', () => {
    expect(viewerDocumentPath(request(`/${HASH.toUpperCase()}`))).toBeNull();
    expect(viewerDocumentPath(request(`/${HASH}x`))).toBeNull();
    expect(viewerDocumentPath(request('/'))).toBeNull();
    expect(viewerDocumentPath(request('/api/config'))).toBeNull();
    expect(viewerDocumentPath(request(`/${HASH}`, { method: 'POST' }))).toBeNull();
  });
});

describe('the viewer document', () => {
  const parts: ViewerBuild = {
    script: '/viewer/main-ABC.js',
    css: 'body{color:red}',
    markup: `<title>Page · Ephemeral P2P</title><main><code>${PLACEHOLDER_HASH}</code></main>`,
  };
  const html = viewerDocument(parts, {
    hash: HASH,
    nonce: 'n0nce"><script>',
    realtime: '//relay.test:4000',
    pageMaxBytes: 1234,
    origin: 'https://app.test',
    earlyStartSrc: '/early-start.js?v=1',
  });

  it('is the markup for the address asked for, its title in the head', () => {
    expect(html).toContain(`<main><code>${HASH}</code></main>`);
    expect(html).not.toContain(PLACEHOLDER_HASH);
    expect(html.indexOf('<title>')).toBeLessThan(html.indexOf('</head>'));
  });

  it('runs only the early start, deferred, nonce escaped; it loads the viewer named in the head', () => {
    expect(html).toContain('<script defer src="/early-start.js?v=1" nonce="n0nce&quot;&gt;&lt;script&gt;"></script>');
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain('<meta name="ephemeral-viewer-script" content="/viewer/main-ABC.js">');
  });

  it('tells the early start where the relay is and the page limit', () => {
    expect(html).toContain('<meta name="ephemeral-relay" content="//relay.test:4000">');
    expect(html).toContain('<meta name="ephemeral-page-max-bytes" content="1234">');
  });

  it('gives the generic card, never indexed, its image on this origin', () => {
    expect(html).toContain('<meta property="og:title" content="A page on Ephemeral P2P">');
    expect(html).toContain('<meta property="og:image" content="https://app.test/og-card.png">');
    expect(html).toContain('<meta name="robots" content="noindex, nofollow">');
  });
});
