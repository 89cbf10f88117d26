/**
 * A pino destination for development (`npm run dev`): each JSON log line
 * becomes one readable line, like Next's beside it, with its time, level,
 * message and any other fields as key=value. Production keeps pino's JSON.
 * (pino-pretty would do this too, as a dependency; this needs none.)
 */
const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const COLOURS: Record<number, string> = { 10: '90', 20: '90', 30: '36', 40: '33', 50: '31', 60: '35' };
const HIDDEN = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'name', 'v']);

function field(value: unknown): string {
  if (typeof value === 'string') return /[\s"=]/.test(value) ? JSON.stringify(value) : value;
  if (value && typeof value === 'object' && 'stack' in value && typeof value.stack === 'string') return value.stack;
  return JSON.stringify(value);
}

/** One pino JSON line as a readable line; a line that is not pino's JSON is returned as it is. */
export function prettyLine(line: string, colour = false): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  if (typeof entry !== 'object' || entry === null || typeof entry.level !== 'number') return line;
  const time = typeof entry.time === 'number' ? new Date(entry.time).toTimeString().slice(0, 8) : '';
  const levelName = LEVELS[entry.level] ?? String(entry.level);
  const level = colour ? `\u001b[${COLOURS[entry.level] ?? '0'}m${levelName.padEnd(5)}\u001b[0m` : levelName.padEnd(5);
  const rest = Object.entries(entry)
    .filter(([key]) => !HIDDEN.has(key))
    .map(([key, value]) => `${key}=${field(value)}`);
  return [time, level, entry.msg ?? '', ...rest].filter((part) => part !== '').join(' ');
}

/** A destination for pino that writes readable lines to stdout. */
export function prettyDestination(out: NodeJS.WriteStream = process.stdout): { write(chunk: string): void } {
  return {
    write(chunk: string) {
      for (const line of chunk.split('\n')) if (line !== '') out.write(`${prettyLine(line, out.isTTY === true)}\n`);
    },
  };
}
