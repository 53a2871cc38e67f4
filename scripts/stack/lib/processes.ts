import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { delimiter, join } from 'node:path';

/** Helpers shared by the no-Docker stack and the observability tests: binaries, ports, processes. */

export function findBinary(names: string[]): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/sbin', '/usr/local/bin'];
  for (const name of names) {
    for (const dir of dirs) {
      const p = join(dir, name);
      if (dir && existsSync(p)) return p;
    }
  }
  return undefined;
}

/** The binaries the stack runs, with the Debian package that ships each. */
export const BINARIES = {
  victoriaMetrics: { names: ['victoria-metrics', 'victoria-metrics-prod'], pkg: 'victoria-metrics' },
  vmagent: { names: ['vmagent', 'vmagent-prod'], pkg: 'victoria-metrics' },
  vmalert: { names: ['vmalert', 'vmalert-prod'], pkg: 'victoria-metrics' },
  alertmanager: { names: ['prometheus-alertmanager', 'alertmanager'], pkg: 'prometheus-alertmanager' },
  natsServer: { names: ['nats-server'], pkg: 'nats-server' },
  promtool: { names: ['promtool'], pkg: 'prometheus' },
} as const;
export type BinaryKey = keyof typeof BINARIES;

export function requireBinary(key: BinaryKey): string {
  const b = BINARIES[key];
  const p = findBinary([...b.names]);
  if (!p)
    throw new Error(
      `missing binary ${b.names.join(' or ')}: install the Debian package "${b.pkg}" (apt-get install -y ${b.pkg})`
    );
  return p;
}

/** Ports handed out by this process, so two calls never return the same one. */
const handedOut = new Set<number>();

/** Where the kernel's ephemeral range starts (the local ports of `listen(0)` and outgoing connections). */
function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    if (low > 10_000) return low;
  } catch {
    /* not Linux */
  }
  return 49152; // the IANA dynamic range
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/**
 * A free port for a server another process will start. It is taken below the kernel's ephemeral
 * range: a port from `listen(0)` is free only until the kernel hands it to an outgoing connection
 * (the child itself connects out before it listens), and then the child fails with EADDRINUSE.
 */
export async function freePort(): Promise<number> {
  const low = 10_000;
  const high = ephemeralLow() - 1;
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low + 1));
    if (handedOut.has(port)) continue;
    if (await canListen(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port between ${low} and ${high} on 127.0.0.1`);
}

export function portOpen(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

/** True when a NATS server answers on host:port (it greets with an INFO line). */
export function natsAnswers(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('data', (d) => done(d.toString().startsWith('INFO ')));
    s.once('error', () => done(false));
  });
}

export async function waitForHttp(url: string, timeoutMs: number, init?: RequestInit): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms (${last})`);
}

export interface Managed {
  name: string;
  child: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
  exited(): boolean;
}

/**
 * Start a process in its own process group with output to a log file. `stop()` sends SIGTERM to
 * the group, then SIGKILL after a grace period; only this group is ever signalled.
 */
export function startManaged(
  name: string,
  cmd: string,
  args: string[],
  opts: { logFile: string; cwd?: string; env?: NodeJS.ProcessEnv }
): Managed {
  const fd = openSync(opts.logFile, 'a');
  const child = spawn(cmd, args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  return {
    name,
    child,
    logFile: opts.logFile,
    exited: () => exited,
    async stop() {
      if (exited || !child.pid) return;
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }, 5000);
      await gone;
      clearTimeout(timer);
    },
  };
}

export function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
