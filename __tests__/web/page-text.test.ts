import { pageName } from '@/lib/client/page-name';
import { binaryLabel, pageText, pageTitle } from '@/lib/client/page-text';
import { textToBytes } from '@/lib/hash';

const HOSTILE = textToBytes('\x1b]0;PWNED\x07\x1b[31mred\x1b[2J\nsecond\tline\r\nthird\rover\x7f\x9b\n');
const ELF = Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0xff, 0xfe]);

test('a title and a list entry show control characters as symbols, never as the controls themselves', () => {
  expect(pageName(HOSTILE)).toBe('␛]0;PWNED␇␛[31mred␛[2J');
  expect(pageTitle(textToBytes('\u202eevil\ttab'))).toBe('\ufffdevil␉tab');
});

test('plain text keeps newlines, tabs and CRLF, and shows every other control', () => {
  expect(pageText(HOSTILE)).toBe('␛]0;PWNED␇␛[31mred␛[2J\nsecond\tline\r\nthird␍over␡\ufffd\n');
});

test('a page that is not UTF-8 is "binary, N bytes", in its text, title and list entry', () => {
  expect(pageText(ELF)).toBeNull();
  expect(pageTitle(ELF)).toBe('binary, 10 bytes');
  expect(pageName(ELF)).toBe('binary, 10 bytes');
  expect(binaryLabel(new Uint8Array(2048))).toBe('binary, 2,048 bytes (2 KB)');
});

test('a long first line cut inside a character is still text, not binary', () => {
  expect(pageTitle(textToBytes('é'.repeat(200)), 60)).toBe(`${'é'.repeat(59)}…`);
});
