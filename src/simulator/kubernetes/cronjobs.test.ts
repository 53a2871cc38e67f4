import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../rng';
import { CronController } from './cronjobs';
import { ObjectStore, type K8sObject } from './store';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Fields = Record<string, any>;
import { R } from './workloads';

const NS = 'platform-prod';
const HALF_HOUR = 30 * 60_000;
/** 10:07 on a fixed day of the platform's clock (injected; never the machine's). */
const START = Date.parse('2026-03-02T10:07:00Z');

function setup(failing: () => boolean = () => false) {
  let now = START;
  const store = new ObjectStore(createRng(1));
  const crons = new CronController(store, createRng(2), failing, () => now);
  crons.bootstrap(NS, ['compaction']);
  const runs = () =>
    store
      .list(R.Job, NS)
      .map((j: K8sObject) => ({
        at: String(j.metadata.creationTimestamp),
        failed: Boolean((j.status as Fields | undefined)?.failed),
      }))
      .sort((a, b) => a.at.localeCompare(b.at));
  return { store, crons, runs, at: (t: number) => (now = t) };
}

describe('cron jobs', () => {
  it('run at the slots of their schedule: the last five half hours at start, then each half hour', () => {
    const { store, crons, runs, at } = setup();
    const cj = store.mustGet(R.CronJob, NS, 'compaction');
    assert.equal((cj.spec as Fields).schedule, '*/30 * * * *');
    assert.deepEqual(
      runs().map((r) => r.at),
      ['08:00', '08:30', '09:00', '09:30', '10:00'].map((t) => `2026-03-02T${t}:00Z`)
    );
    at(START + 20 * 60_000); // 10:27: the next slot (10:30) has not come
    crons.tick();
    assert.equal(runs().length, 5);
    at(START + 23 * 60_000); // 10:30
    crons.tick();
    crons.tick();
    const after = runs();
    assert.equal(after.at(-1)?.at, '2026-03-02T10:30:00Z', 'one run at 10:30');
    assert.equal(after.length, 5, 'the oldest successful run is dropped (history limit 5)');
    assert.equal(
      (store.mustGet(R.CronJob, NS, 'compaction').status as Fields).lastScheduleTime,
      '2026-03-02T10:30:00Z'
    );
  });

  it('keep the last two failed runs beside the successful ones, as failedJobsHistoryLimit says', () => {
    let failing = false;
    const { crons, runs, at } = setup(() => failing);
    failing = true;
    for (let i = 1; i <= 3; i++) {
      at(START + i * HALF_HOUR);
      crons.tick();
    }
    const kept = runs();
    assert.equal(kept.filter((r) => r.failed).length, 2);
    assert.equal(kept.filter((r) => !r.failed).length, 5);
    assert.deepEqual(
      kept.filter((r) => r.failed).map((r) => r.at),
      ['2026-03-02T11:00:00Z', '2026-03-02T11:30:00Z']
    );
  });
});
