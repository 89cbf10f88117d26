import { visibleControls } from '../../lib/display-text';
import { looksLikeMarkdown, pageTitle, withoutTitleHeading } from '../../lib/client/page-text';
import { pageName } from '../../lib/client/page-name';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('pageTitle', () => {
  it.each([
    ['# Trip plan\n\n**9:00** meet', 'Trip plan'],
    ['Intro line\n\n## Second heading', 'Second heading'],
    ['Grocery list for Sunday\n\n- eggs', 'Grocery list for Sunday'],
    ['**Bold** _title_ with `code` and [a link](https://example.com)', 'Bold title with code and a link'],
    ['```\n# not a heading\n```\n## Real ##', 'Real'],
    ['Title\n=====\n\nbody', 'Title'],
    ['- [ ] task one', 'task one'],
    ['> quoted first line', 'quoted first line'],
    ['# مرحبا بالعالم', 'مرحبا بالعالم'],
    ['  \n\n', '(blank page)'],
  ])('%j is titled %j', (text, title) => {
    expect(pageTitle(bytes(text))).toBe(title);
  });

  it('shortens a long title', () => {
    expect(pageTitle(bytes(`# ${'a'.repeat(200)}`), 20)).toBe(`${'a'.repeat(19)}…`);
  });

  it('shows control characters harmlessly', () => {
    expect(pageTitle(bytes('# a\u0007b\u202eevil\u0000'))).toBe('a\u2407b\ufffdevil\u2400');
    expect(visibleControls('tab\there\u007f\u2066', { lines: false })).toBe('tab\u2409here\u2421\ufffd');
  });
});

describe('withoutTitleHeading', () => {
  it.each([
    ['# Trip plan\n\n**9:00** meet', '\n**9:00** meet'],
    ['\n\n## Trip plan ##\r\nbody', 'body'],
    ['Title\n=====\n\nbody', '\nbody'],
  ])('takes the heading that opens %j and gave its title out', (text, rest) => {
    expect(withoutTitleHeading(text)).toBe(rest);
  });

  it.each([
    ['a first line that is the title', 'Grocery list for Sunday\n\n- eggs'],
    ['a heading after other text', 'Intro line\n\n## Second heading'],
    ['a heading after a code block', '```\n# not a heading\n```\n## Real'],
    ['a title cut short', `# ${'a'.repeat(200)}\n\nbody`],
    ['an empty heading', '#\n\nbody'],
  ])('keeps %s', (_what, text) => {
    expect(withoutTitleHeading(text)).toBe(text);
  });
});

describe('pageName', () => {
  it("is a public page's plain title, and never a private page's text", () => {
    expect(pageName(bytes('# **Picnic** on Saturday'))).toBe('Picnic on Saturday');
    expect(pageName(undefined)).toBe('Page');
  });
});

describe('looksLikeMarkdown', () => {
  it.each([
    ['# Heading', true],
    ['text with **bold**', true],
    ['- a list', true],
    ['| a | b |', true],
    ['see [this](https://example.com)', true],
    ['Just a note.\nSecond line, 2 * 3 = 6.', false],
    ['Grocery list for Sunday', false],
  ])('%j: %s', (text, expected) => {
    expect(looksLikeMarkdown(text)).toBe(expected);
  });
});
