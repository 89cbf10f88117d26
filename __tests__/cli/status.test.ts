import { StatusLine } from '../../cli/status';

function stream(isTTY: boolean, columns?: number) {
  const written: string[] = [];
  return { written, isTTY, columns, write: (text: string) => written.push(text) };
}

describe('StatusLine', () => {
  it('writes a line per change when standard error is not a terminal', () => {
    const out = stream(false);
    const status = new StatusLine(out);
    status.show('connecting');
    status.show('connecting');
    status.note('warning: something');
    status.show('holding');
    status.end();
    expect(out.written.join('')).toBe('connecting\nwarning: something\nholding\n');
  });

  it('rewrites one line in place on a terminal, notes above it', () => {
    const out = stream(true, 80);
    const status = new StatusLine(out);
    status.show('connecting');
    status.show('holding');
    status.note('gave up on a page');
    status.end();
    expect(out.written.join('')).toBe('\r\x1b[2Kconnecting\r\x1b[2Kholding\r\x1b[2Kgave up on a page\nholding\n');
  });

  it('cuts a status to the terminal width so it never wraps', () => {
    const out = stream(true, 10);
    new StatusLine(out).show('a status that is far too long');
    expect(out.written[0]).toBe('\r\x1b[2Ka status…');
  });

  it('shows what the relay or app said without control characters or bidi overrides', () => {
    const out = stream(false);
    const status = new StatusLine(out);
    status.show('refused: \x1b]52;c;cGF5bG9hZA==\x07\x1b[2Jgone\u202e\x9b');
    status.note('\x1b]8;;https://evil.example\x07click\x1b]8;;\x07');
    expect(out.written.join('')).toBe('refused: ]52;c;cGF5bG9hZA==[2Jgone\n]8;;https://evil.exampleclick]8;;\n');
  });
});
