import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** `.stack/` (git-ignored): pid records, logs, data, rendered configs and generated secrets. */
export const REPO = resolve(__dirname, '..', '..', '..');
export const STATE = process.env.SWITCHYARD_STACK_DIR
  ? resolve(process.env.SWITCHYARD_STACK_DIR)
  : join(REPO, '.stack');
export const dirs = {
  pids: join(STATE, 'pids'),
  logs: join(STATE, 'logs'),
  data: join(STATE, 'data'),
  config: join(STATE, 'config'),
  secrets: join(STATE, 'secrets'),
};

export function ensureDirs(): void {
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true, mode: 0o700 });
}

export interface PidRecord {
  name: string;
  pid: number;
  cmd: string;
  startedAt: string;
}

export function writePid(rec: PidRecord): void {
  writeFileSync(join(dirs.pids, `${rec.name}.json`), JSON.stringify(rec));
}

export function readPids(): PidRecord[] {
  if (!existsSync(dirs.pids)) return [];
  return readdirSync(dirs.pids)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(dirs.pids, f), 'utf8')) as PidRecord);
}

export function removePid(name: string): void {
  rmSync(join(dirs.pids, `${name}.json`), { force: true });
}

/** The recorded process is still the one we started: alive and its command line matches. */
export function isOurs(rec: PidRecord): boolean {
  try {
    const cmdline = readFileSync(`/proc/${rec.pid}/cmdline`, 'utf8').split('\0').join(' ');
    return cmdline.includes(rec.cmd);
  } catch {
    return false;
  }
}

/** A secret from the environment, else one generated once and kept in .stack/secrets (0600). */
export function secret(envName: string, file: string, gen: () => string): string {
  const fromEnv = process.env[envName];
  const path = join(dirs.secrets, file);
  const value = fromEnv ?? (existsSync(path) ? readFileSync(path, 'utf8').trim() : gen());
  writeFileSync(path, value, { mode: 0o600 });
  return value;
}
