/**
 * @jest-environment node
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { ERROR_CODES, REFUSAL_CODES } from '@/lib/protocol';

type Direction = 'client to server' | 'server to client';

const PROTOCOL = readFileSync('docs/PROTOCOL.md', 'utf8');

/** The event names of an interface in lib/protocol.ts, read from its declaration. */
function typedEvents(name: string): string[] {
  const source = ts.createSourceFile('protocol.ts', readFileSync('lib/protocol.ts', 'utf8'), ts.ScriptTarget.Latest);
  const declaration = source.statements.find(
    (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name,
  );
  if (!declaration) throw new Error(`lib/protocol.ts declares no ${name}`);
  return declaration.members.map((member) => (member.name as ts.StringLiteral).text).sort();
}

/**
 * Every event documented in a table row of docs/PROTOCOL.md, by direction: the
 * row's own direction column where it has one (the v2 table), else the section's.
 */
function documentedEvents(): Record<Direction, string[]> {
  const found: Record<Direction, string[]> = { 'client to server': [], 'server to client': [] };
  let section = '';
  for (const line of PROTOCOL.split('\n')) {
    if (line.startsWith('## ')) section = line.slice(3).trim().toLowerCase();
    const row = /^\| `([a-z]+:[a-z]+)` \|(.*)$/.exec(line);
    if (!row) continue;
    const cells = row[2].split('|').map((cell) => cell.trim());
    const direction = (['client to server', 'server to client'] as const).find(
      (d) => cells.includes(d) || section === d,
    );
    if (!direction) throw new Error(`docs/PROTOCOL.md documents ${row[1]} with no direction (section "${section}")`);
    found[direction].push(row[1]);
  }
  return { 'client to server': found['client to server'].sort(), 'server to client': found['server to client'].sort() };
}

test('docs/PROTOCOL.md documents every event lib/protocol.ts types, in its direction, and no other', () => {
  expect(documentedEvents()).toEqual({
    'client to server': typedEvents('ClientToServerEvents'),
    'server to client': typedEvents('ServerToClientEvents'),
  });
});

test('every event docs/PROTOCOL.md mentions is a typed event', () => {
  const typed = new Set([...typedEvents('ClientToServerEvents'), ...typedEvents('ServerToClientEvents')]);
  const mentioned = new Set([...PROTOCOL.matchAll(/`(page:[a-z]+)`/g)].map(([, name]) => name));
  expect([...mentioned].filter((name) => !typed.has(name))).toEqual([]);
});

test('docs/PROTOCOL.md lists exactly the acknowledgement error codes of ERROR_CODES', () => {
  const lead = 'with `error` one of';
  const sentence = PROTOCOL.slice(PROTOCOL.indexOf(lead) + lead.length, PROTOCOL.indexOf('A bad event never'));
  const codes = [...sentence.matchAll(/`([a-z_]+)`/g)].map(([, code]) => code);
  expect(codes.sort()).toEqual([...ERROR_CODES].sort());
});

test("docs/PROTOCOL.md's refusal table lists exactly REFUSAL_CODES", () => {
  const section = PROTOCOL.slice(PROTOCOL.indexOf('## Refusals'), PROTOCOL.indexOf('## Transports'));
  const table = section.slice(section.indexOf('| code | when |'));
  const codes = [...table.matchAll(/^\| `([a-z_]+)` \|/gm)].map(([, code]) => code);
  expect(codes.sort()).toEqual([...REFUSAL_CODES].sort());
});
