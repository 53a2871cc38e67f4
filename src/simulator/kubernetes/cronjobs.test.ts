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
  it('run at the slots of their schedule: five runs at start, the latest 15 min before, then each half hour', () => {
    const { store, crons, runs, at } = setup();
    const cj = store.mustGet(R.CronJob, NS, 'compaction');
    // Started at 10:07: the latest run was at 09:52, so the schedule's minutes are 22 and 52.
    assert.equal((cj.spec as Fields).schedule, '22,52 * * * *');
    assert.deepEqual(
      runs().map((r) => r.at),
      ['07:52', '08:22', '08:52', '09:22', '09:52'].map((t) => `2026-03-02T${t}:00Z`)
    );
    at(START + 14 * 60_000); // 10:21: the next slot (10:22) has not come
    crons.tick();
    assert.equal(runs().length, 5);
    at(START + 15 * 60_000); // 10:22
    crons.tick();
    crons.tick();
    const after = runs();
    assert.equal(after.at(-1)?.at, '2026-03-02T10:22:00Z', 'one run at 10:22');
    assert.equal(after.length, 5, 'the oldest successful run is dropped (history limit 5)');
    assert.equal(
      (store.mustGet(R.CronJob, NS, 'compaction').status as Fields).lastScheduleTime,
      '2026-03-02T10:22:00Z'
    );
  });

  it('start healthy at any time of day: the latest run is 15 min old and the schedule names its minutes', () => {
    for (const minute of [0, 14, 15, 29, 30, 44, 59]) {
      const now = Date.parse('2026-03-02T10:00:00Z') + minute * 60_000 + 30_000;
      const store = new ObjectStore(createRng(1));
      new CronController(
        store,
        createRng(2),
        () => false,
        () => now
      ).bootstrap(NS, ['backup']);
      const last = Math.max(...store.list(R.Job, NS).map((j) => Date.parse(String(j.metadata.creationTimestamp))));
      assert.equal(now - last, 15 * 60_000 + 30_000, `started at minute ${minute}`);
      const [m1, m2] = String((store.mustGet(R.CronJob, NS, 'backup').spec as Fields).schedule)
        .split(' ')[0]
        .split(',')
        .map(Number);
      assert.equal(m2 - m1, 30);
      assert.ok([m1, m2].includes(new Date(last).getUTCMinutes()));
    }
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
    // Failed at 10:22, 10:52 and 11:22 (the ticks at 10:37, 11:07 and 11:37); the last two are kept.
    assert.deepEqual(
      kept.filter((r) => r.failed).map((r) => r.at),
      ['2026-03-02T10:52:00Z', '2026-03-02T11:22:00Z']
    );
  });
});
