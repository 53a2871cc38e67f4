import { execFileSync, spawnSync } from 'node:child_process';
import { BINARIES, findBinary, type BinaryKey } from './processes';

/**
 * Install the Debian packages of missing binaries with apt-get (root only), after any running
 * apt-get has finished. SWITCHYARD_STACK_NO_INSTALL=1 turns this off and only reports.
 */
export async function ensureBinaries(keys: BinaryKey[], log: (m: string) => void): Promise<void> {
  const missing = keys.filter((k) => !findBinary([...BINARIES[k].names]));
  if (missing.length === 0) return;
  const pkgs = [...new Set(missing.map((k) => BINARIES[k].pkg))];
  const cmd = `apt-get install -y --no-install-recommends ${pkgs.join(' ')}`;
  if (process.env.SWITCHYARD_STACK_NO_INSTALL === '1' || process.getuid?.() !== 0 || !findBinary(['apt-get'])) {
    throw new Error(`missing ${missing.map((k) => BINARIES[k].names[0]).join(', ')}; install with: sudo ${cmd}`);
  }
  const deadline = Date.now() + 15 * 60_000;
  while (spawnSync('pgrep', ['-x', 'apt-get']).status === 0) {
    if (Date.now() > deadline) throw new Error('another apt-get is still running after 15 minutes');
    log('waiting for a running apt-get to finish…');
    await new Promise((r) => setTimeout(r, 5000));
  }
  log(`installing ${pkgs.join(' ')} (${cmd})`);
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...pkgs], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  const still = keys.filter((k) => !findBinary([...BINARIES[k].names]));
  if (still.length) throw new Error(`still missing after install: ${still.join(', ')}`);
}
