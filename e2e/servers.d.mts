// Types for the helpers of servers.mjs that TypeScript programs (bench/web) use.
import type { ChildProcess } from 'node:child_process';

export function freePort(): Promise<number>;
export function waitForHttp(url: string, child: ChildProcess, name: string, timeoutMs?: number): Promise<void>;
export function startProcess(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string>,
  logDir: string,
): ChildProcess & { logFile: string };
export function stopProcess(child: ChildProcess | undefined): Promise<void>;
