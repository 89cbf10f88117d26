import { PLACEHOLDER_HASH, PLACEHOLDER_PAGE_LIMIT, type ViewerBuild } from '../../viewer/document-parts';
import { formatBytes, formatCount } from '../../lib/client/format-bytes';
import { documentPathFor } from '../../lib/web/document-route';
import { editorDocument } from '../../lib/web/editor-document';
import { viewerDocument } from '../../lib/web/viewer-document';

const HASH = 'a'.repeat(64);

describe('which requests get a document without Next', () => {
  const request = (pathname: string, { method = 'GET', dest = 'document' as string | null } = {}) => ({
    method,
    pathname,
    headers: new Headers(dest === null ? {} : { 'sec-fetch-dest': dest }),
  });

  it('a browser opening a page address, and a client that does not say what it fetches', () => {
    expect(documentPathFor(request(`/${HASH}`))).toBe(`/viewer-document/${HASH}`);
    expect(documentPathFor(request(`/${HASH}`, { method: 'HEAD' }))).toBe(`/viewer-document/${HASH}`);
    expect(documentPathFor(request(`/${HASH}`, { dest: null }))).toBe(`/viewer-document/${HASH}`);
  });

  it('the editor, for a browser opening /', () => {
    expect(documentPathFor(request('/'))).toBe('/editor-document');
    expect(documentPathFor(request('/', { dest: null }))).toBe('/editor-document');
    expect(documentPathFor(request('/', { dest: 'empty' }))).toBeNull();
  });

  it('not Next navigating from its own pages (a fetch), which keeps its page and the connection', () => {
    expect(documentPathFor(request(`/${HASH}`, { dest: 'empty' }))).toBeNull();
  });

  it('not what is no page address: Next redirects capitals and explains the rest', () => {
    expect(documentPathFor(request(`/${HASH.toUpperCase()}`))).toBeNull();
    expect(documentPathFor(request(`/${HASH}x`))).toBeNull();
    expect(documentPathFor(request('/api/config'))).toBeNull();
    expect(documentPathFor(request(`/${HASH}`, { method: 'POST' }))).toBeNull();
  });
});

describe('the viewer document', () => {
  const parts: ViewerBuild = {
    script: '/viewer/main-ABC.js',
    editorStart: 'loadAppScript()',
    css: 'body{color:red}',
    markup: `<title>Page · Ephemeral P2P</title><main><code>${PLACEHOLDER_HASH}</code></main>`,
    editorMarkup: `<title>Ephemeral P2P</title><main><p>0<!-- --> of <!-- -->${formatCount(PLACEHOLDER_PAGE_LIMIT)}<!-- --> bytes (<!-- -->${formatBytes(PLACEHOLDER_PAGE_LIMIT)}<!-- -->)</p></main>`,
  };
  const html = viewerDocument(parts, {
    hash: HASH,
    nonce: 'n0nce"><script>',
    realtime: '//relay.test:4000',
    pageMaxBytes: 1234,
    origin: 'https://app.test',
    earlyStartSrc: '/early-start.js?v=1',
  });

  it('shares nothing of the editor', () => {
    expect(html).not.toContain('<p>0');
  });

  it('is the markup for the address asked for, its title in the head', () => {
    expect(html).toContain(`<main><code>${HASH}</code></main>`);
    expect(html).not.toContain(PLACEHOLDER_HASH);
    expect(html.indexOf('<title>')).toBeLessThan(html.indexOf('</head>'));
  });

  it('runs only the early start, in the head before the markup, nonce escaped; it loads the viewer named in the head', () => {
    expect(html).toContain('<script src="/early-start.js?v=1" nonce="n0nce&quot;&gt;&lt;script&gt;"></script>');
    expect(html.indexOf('early-start.js')).toBeLessThan(html.indexOf('</head>'));
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

describe('the editor document', () => {
  const parts: ViewerBuild = {
    script: '/viewer/main-"</script>.js',
    editorStart: 'loadAppScript()',
    css: 'body{color:red}',
    markup: '<title>Page · Ephemeral P2P</title><main>viewer</main>',
    editorMarkup: `<title>Ephemeral P2P</title><main><p>0<!-- --> of <!-- -->${formatCount(PLACEHOLDER_PAGE_LIMIT)}<!-- --> bytes (<!-- -->${formatBytes(PLACEHOLDER_PAGE_LIMIT)}<!-- -->)</p></main>`,
  };
  const html = editorDocument(parts, {
    nonce: 'n0nce"><script>',
    realtime: '//relay.test:4000',
    pageMaxBytes: 2_000_000,
    origin: 'https://app.test',
  });

  it("is the editor's markup with this deployment's page limit, its title in the head", () => {
    expect(html).toContain('<p>0<!-- --> of <!-- -->2,000,000<!-- --> bytes (<!-- -->1.9 MB<!-- -->)</p>');
    expect(html).not.toContain(formatCount(PLACEHOLDER_PAGE_LIMIT));
    expect(html).not.toContain('<main>viewer');
    expect(html.indexOf('<title>Ephemeral P2P</title>')).toBeLessThan(html.indexOf('</head>'));
  });

  it("runs one inline script, nonce escaped, the build's loader of the app's script; that address cannot end it", () => {
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain('<script nonce="n0nce&quot;&gt;&lt;script&gt;">loadAppScript()</script>');
    expect(html).toContain('<meta name="ephemeral-viewer-script" content="/viewer/main-&quot;&lt;/script&gt;.js">');
    expect(html.match(/<\/script>/g)).toHaveLength(1);
  });

  it('tells the app where the relay is and the page limit; the site card, indexable', () => {
    expect(html).toContain('<meta name="ephemeral-relay" content="//relay.test:4000">');
    expect(html).toContain('<meta name="ephemeral-page-max-bytes" content="2000000">');
    expect(html).toContain('<meta property="og:title" content="Ephemeral P2P">');
    expect(html).toContain('<meta property="og:image" content="https://app.test/og-card.png">');
    expect(html).not.toContain('noindex');
  });
});
