import { prettyLine } from '../../realtime/ops/pretty-log';

describe('prettyLine (npm run dev)', () => {
  it('turns a pino JSON line into a readable one', () => {
    const line = JSON.stringify({
      level: 40,
      time: Date.UTC(2026, 0, 1, 12, 0, 5),
      pid: 1,
      hostname: 'h',
      name: 'realtime',
      msg: 'refused',
      reason: 'origin not allowed',
      port: 4000,
    });
    const pretty = prettyLine(line);
    expect(pretty).toMatch(/^\d\d:\d\d:\d\d WARN  refused reason="origin not allowed" port=4000$/);
  });

  it('passes other lines through untouched', () => {
    expect(prettyLine('[tsx] restarting')).toBe('[tsx] restarting');
    expect(prettyLine('42')).toBe('42');
  });
});
