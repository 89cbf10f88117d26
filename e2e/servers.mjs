// Starts the built web app and a real sidecar, each in its own process group
// so stopping one also stops everything it spawned (next start forks next-server).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { openSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { startTrafficCapture } from './traffic-capture.mjs';

const ROOT = new URL('..', import.meta.url).pathname;

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export async function waitForHttp(url, child, name, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}; see ${child.logFile}`);
    try {
      const res = await fetch(url);
      if (res.ok || res.status === 404) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} did not answer ${url} within ${timeoutMs} ms; see ${child.logFile}`);
}

export function startProcess(name, command, args, env, logDir) {
  const logFile = join(logDir, `${name}.log`);
  const out = openSync(logFile, 'a');
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', out, out],
    detached: true,
  });
  child.logFile = logFile;
  return child;
}

/** Stops a process group and waits for its leader to exit. */
export async function stopProcess(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }, 3000);
  await exited;
  clearTimeout(timer);
}

/** This machine's first non-loopback IPv4 address: plain http there is not a secure context. */
function lanAddress() {
  const all = Object.values(networkInterfaces()).flat();
  return all.find((i) => i && i.family === 'IPv4' && !i.internal)?.address ?? null;
}

/**
 * The sidecar and web app for one run; `startSidecar` after a stop or kill
 * keeps its port. `name` prefixes the log files. With `captureTraffic`, browsers
 * reach the sidecar through a proxy that keeps every byte (`servers.capture`).
 */
export async function startServers({ logDir, pageMaxBytes, name = '', captureTraffic = false, logLevel = 'warn' }) {
  const webPort = await freePort();
  const realtimePort = await freePort();
  const sidecarPort = captureTraffic ? await freePort() : realtimePort;
  const webOrigin = `http://localhost:${webPort}`;
  const lan = lanAddress();
  const lanOrigin = lan ? `http://${lan}:${webPort}` : null;
  // Chromium forbids an insecure LAN page to reach localhost (Private Network
  // Access), so every tab reaches the sidecar the way a LAN deployment would.
  const realtimeUrl = `http://${lan ?? 'localhost'}:${realtimePort}`;
  const sidecarEnv = {
    REALTIME_PORT: String(sidecarPort),
    CORS_ORIGIN: [webOrigin, lanOrigin].filter(Boolean).join(','),
    PAGE_MAX_BYTES: String(pageMaxBytes),
    HOLDERS_INTERVAL_MS: '200',
    LOG_LEVEL: logLevel,
  };
  const startSidecar = async () => {
    const child = startProcess(
      `${name}sidecar`,
      process.execPath,
      ['dist/realtime/realtime/main.js'],
      sidecarEnv,
      logDir,
    );
    await waitForHttp(`http://127.0.0.1:${sidecarPort}/healthz`, child, 'sidecar');
    return child;
  };
  const servers = {
    webOrigin,
    lanOrigin,
    realtimeUrl,
    sidecar: await startSidecar(),
    capture: captureTraffic ? await startTrafficCapture({ port: realtimePort, sidecarPort }) : null,
    web: startProcess(
      `${name}web`,
      process.execPath,
      [join(ROOT, 'node_modules/next/dist/bin/next'), 'start', '-p', String(webPort)],
      { REALTIME_URL: realtimeUrl, PAGE_MAX_BYTES: String(pageMaxBytes) },
      logDir,
    ),
    async stopSidecar() {
      await stopProcess(servers.sidecar);
    },
    /** Kills the sidecar with SIGKILL: no clean shutdown, connections just die. */
    async killSidecar() {
      const child = servers.sidecar;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid, 'SIGKILL');
      await exited;
    },
    async startSidecar() {
      servers.sidecar = await startSidecar();
    },
    async stop() {
      await Promise.all([stopProcess(servers.web), stopProcess(servers.sidecar), servers.capture?.close()]);
    },
  };
  try {
    await waitForHttp(`${webOrigin}/`, servers.web, 'web');
  } catch (error) {
    await servers.stop();
    throw error;
  }
  return servers;
}
