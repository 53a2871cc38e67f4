import { isOurs, readPids, removePid } from './lib/state';

/**
 * `npm run stack:stop`: stop the processes recorded under .stack/pids (each started in its own
 * process group by `npm run stack`). A record whose pid is gone or now runs another program is
 * only removed, never signalled.
 */
async function main(): Promise<void> {
  const main = readPids().find((r) => r.name === 'stack');
  if (main && isOurs(main)) {
    // Ask the foreground `npm run stack` to stop what it started, in reverse order.
    process.kill(main.pid, 'SIGTERM');
    const deadline = Date.now() + 30_000;
    while (isOurs(main) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    process.stdout.write(
      `[stack] foreground stack (pid ${main.pid}) ${isOurs(main) ? 'did not stop in 30 s; stopping its processes directly' : 'stopped'}\n`
    );
  }
  if (main && !isOurs(main)) removePid('stack');
  const recs = readPids().filter((r) => r.name !== 'stack');
  if (recs.length === 0) {
    process.stdout.write('[stack] nothing to stop\n');
    return;
  }
  for (const rec of recs) {
    if (!isOurs(rec)) {
      process.stdout.write(`[stack] ${rec.name} (pid ${rec.pid}) is not running; forgetting it\n`);
      removePid(rec.name);
      continue;
    }
    try {
      process.kill(-rec.pid, 'SIGTERM');
    } catch {
      process.kill(rec.pid, 'SIGTERM');
    }
    const deadline = Date.now() + 10_000;
    while (isOurs(rec) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    if (isOurs(rec)) {
      try {
        process.kill(-rec.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    removePid(rec.name);
    process.stdout.write(`[stack] ${rec.name} (pid ${rec.pid}) stopped\n`);
  }
}

void main();
