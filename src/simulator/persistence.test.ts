import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { buildSimulator } from './app';
import { loadSimConfig } from './config';

const dir = mkdtempSync(join(tmpdir(), 'sim-state-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const build = (file: string, seed = 42) =>
  buildSimulator(loadSimConfig({ SIM_STATE_FILE: file, SIM_SEED: String(seed), SIM_LOG_LEVEL: 'silent' }, []));

describe('platform state across restarts', () => {
  it('keeps drains and placement changes after a restart, as a real platform does', async () => {
    const file = join(dir, 'a', 'platform.json');
    const first = build(file);
    const tenant = first.model.tenants[0];
    const from = first.model.shardOf(tenant.id, 'aggregate')!;
    const to = first.model.shardsOf('aggregate', tenant.env).find((s) => s.id !== from)!.id;
    const drain = await first.app.inject({ method: 'POST', url: `/nodes/${from}/tenants/${tenant.id}/drain` });
    assert.equal(drain.statusCode, 202);
    const reload = await first.app.inject({
      method: 'POST',
      url: `/nodes/${to}/reload`,
      payload: { assignments: [{ tenantId: tenant.id, kind: 'aggregate', shard: to }] },
    });
    assert.equal(reload.statusCode, 200, reload.body);
    await first.app.close();

    const second = build(file);
    try {
      assert.equal(second.model.isDraining(tenant.id, from), true, 'the drain survived the restart');
      assert.equal(second.model.shardOf(tenant.id, 'aggregate'), to, 'the move survived the restart');
      const status = (await second.app.inject({ method: 'GET', url: `/nodes/${from}/status` })).json();
      assert.deepEqual(status.draining, [tenant.id]);
      const undrain = await second.app.inject({ method: 'POST', url: `/nodes/${from}/tenants/${tenant.id}/undrain` });
      assert.equal(undrain.statusCode, 200);
      assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')).draining, []);
    } finally {
      await second.app.close();
    }
  });

  it('ignores a state file written for another seed instead of half-applying it', async () => {
    const file = join(dir, 'b.json');
    const a = build(file, 1);
    const t = a.model.tenants[0];
    const shard = a.model.shardOf(t.id, 'gateway')!;
    await a.app.inject({ method: 'POST', url: `/nodes/${shard}/tenants/${t.id}/drain` });
    await a.app.close();
    const b = build(file, 2);
    try {
      assert.equal(b.model.draining.size, 0);
    } finally {
      await b.app.close();
    }
  });

  it('ignores an unreadable state file', async () => {
    const file = join(dir, 'c.json');
    writeFileSync(file, '{not json');
    const s = build(file);
    try {
      assert.equal(s.model.draining.size, 0);
      assert.equal(s.model.tenants.length, 60);
    } finally {
      await s.app.close();
    }
  });
});
