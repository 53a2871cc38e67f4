/**
 * Child process for the kill -9 test: moves one assignment back and forth as fast as it can until it
 * is killed. Usage: tsx placementCrashWriter.ts sqlite <path> | nats <url> <bucket>
 */
import { NatsPlacementStore } from '../modules/placement/natsPlacementStore';
import { casAssignment, type PlacementStore } from '../modules/placement/placement.store';
import { SqlPlacementStore } from '../modules/placement/sqlPlacementStore';
import { openSidecarDatabase } from '../app';

async function main(): Promise<void> {
  const [kind, a, b] = process.argv.slice(2);
  const store: PlacementStore =
    kind === 'sqlite'
      ? new SqlPlacementStore((await openSidecarDatabase({ kind: 'sqlite', path: a })).db)
      : await NatsPlacementStore.open({ url: a, bucket: b });
  const meta = () => ({ at: new Date(), actor: 'crash-writer', reason: null, jobId: null });
  if (!(await store.getAssignment('crash-001', 'gateway')))
    await store.createAssignment('crash-001', 'gateway', 'gw-0', meta());
  for (let i = 0; ; i++) {
    await casAssignment(store, 'crash-001', 'gateway', (cur) => (cur.shardId === 'gw-0' ? 'gw-1' : 'gw-0'), meta);
    if (i === 50) process.stdout.write('running\n');
  }
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
