import { CliError } from '../../cli/errors';
import { formatPageLink, parsePageLink } from '../../cli/link';

const HASH = '0123456789abcdef'.repeat(4);
const KEY = Buffer.alloc(32, 1).toString('base64url');

describe('parsePageLink', () => {
  it('reads the origin and address of a public page on any origin', () => {
    expect(parsePageLink(`http://localhost:3000/${HASH}`)).toEqual({
      origin: 'http://localhost:3000',
      hash: HASH,
      key: null,
    });
    expect(parsePageLink(`https://p2p.example/${HASH}?utm=x`)).toEqual({
      origin: 'https://p2p.example',
      hash: HASH,
      key: null,
    });
  });

  it('reads the key of a private page from #k=, as the browser writes it', () => {
    expect(parsePageLink(`http://192.168.1.5:3000/${HASH}#k=${KEY}`).key).toBe(KEY);
  });

  it('round-trips the browser format', () => {
    const link = formatPageLink('https://p2p.example', HASH, KEY);
    expect(link).toBe(`https://p2p.example/${HASH}#k=${KEY}`);
    expect(parsePageLink(link)).toEqual({ origin: 'https://p2p.example', hash: HASH, key: KEY });
    expect(formatPageLink('http://a:1', HASH, null)).toBe(`http://a:1/${HASH}`);
  });

  it.each([
    ['not a URL', 'is not a page link'],
    [HASH, 'is not a page link'],
    [`ftp://host/${HASH}`, 'is not a page link'],
    ['http://localhost:3000/', 'is not a page address'],
    [`http://localhost:3000/${HASH.slice(1)}`, 'is not a page address'],
    [`http://localhost:3000/${HASH.toUpperCase()}`, 'is not a page address'],
    [`http://localhost:3000/p/${HASH}`, 'is not a page address'],
  ])('refuses %s', (text, problem) => {
    expect(() => parsePageLink(text)).toThrow(problem);
  });

  it('refuses a damaged key before going on the network', () => {
    expect(() => parsePageLink(`http://a/${HASH}#k=${KEY.slice(2)}`)).toThrow(CliError);
    expect(() => parsePageLink(`http://a/${HASH}#k=${KEY.slice(2)}`)).toThrow('The key in the link is damaged');
  });
});
