import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** A TypeScript module of bench/ running in its own Node process, spoken to over IPC. */
export interface Child<In, Out extends { type: string }> {
  pid: number;
  /** Resolves with the next message of this type. */
  next<T extends Out['type']>(type: T, timeoutMs?: number): Promise<Extract<Out, { type: T }>>;
  /** Sends `message` and resolves with the next reply of type `reply`. */
  ask<T extends Out['type']>(message: In, reply: T): Promise<Extract<Out, { type: T }>>;
  on(listener: (message: Out) => void): void;
  stop(): Promise<void>;
}

const REPLY_TIMEOUT_MS = 60_000;

export function forkChild<In, Out extends { type: string }>(
  module: string,
  args: string[],
  nodeFlags: string[] = [],
  env: Record<string, string> = {},
): Child<In, Out> {
  const child: ChildProcess = fork(join(__dirname, module), args, {
    execArgv: ['--import', 'tsx', ...nodeFlags],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // Structured clone, not JSON: counts carry Infinity (no gap seen yet).
    serialization: 'advanced',
  });
  const next = <T extends Out['type']>(type: T, timeoutMs = REPLY_TIMEOUT_MS) =>
    new Promise<Extract<Out, { type: T }>>((resolve, reject) => {
      const timer = setTimeout(
        () => done(new Error(`${module} did not answer "${type}" in ${timeoutMs} ms`)),
        timeoutMs,
      );
      const onMessage = (message: Out) => {
        if (message.type === type) done(undefined, message as Extract<Out, { type: T }>);
      };
      const onExit = (code: number | null) => done(new Error(`${module} exited (${code}) before "${type}"`));
      function done(err?: Error, message?: Extract<Out, { type: T }>) {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (err) reject(err);
        else resolve(message!);
      }
      child.on('message', onMessage);
      child.on('exit', onExit);
    });
  return {
    pid: child.pid!,
    next,
    ask(message, reply) {
      const answer = next(reply);
      child.send(message as object);
      return answer;
    },
    on(listener) {
      child.on('message', listener);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
    },
  };
}
