import { readFileSync } from 'node:fs';

/**
 * A process's resident memory now (VmRSS) and at its peak (VmHWM), in bytes,
 * read from /proc/<pid>/status from outside it (Linux only: throws elsewhere).
 */
export function procMemory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const bytes = (field: string) => {
    const kib = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1];
    if (kib === undefined) throw new Error(`/proc/${pid}/status has no ${field}`);
    return Number(kib) * 1024;
  };
  return { rss: bytes('VmRSS'), peak: bytes('VmHWM') };
}
