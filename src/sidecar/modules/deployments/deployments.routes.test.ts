/**
 * Deployments endpoints over HTTP on the real composition root, on SQLite and PostgreSQL: freezes
 * (validation naming the field, audit in the same transaction, idempotent replay, lift once), the
 * history list (active first, cursor pages), control of an ended deployment, RBAC, the version
 * matrix and the registry's tags read from the simulator.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Actions, GRANTED_ACTION_HEADER, type Deployment, type Freeze, type VersionMatrix } from '../../../contract';
import { jobsEnv, startSim, type SimHandle } from '../../testing/jobsTestkit';
import { BACKENDS, idempotencyKey, startTestApp, type TestApp } from '../../testing/testApp';
import { insertDeploymentOnce, updateDeployment } from './deployments.store';

let sim: SimHandle;
before(async () => {
  sim = await startSim({ tickMs: 60_000 });
});
after(async () => sim?.close());

for (const backend of BACKENDS) {
  describe(`deployments routes (${backend})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(backend, jobsEnv(sim.url));
    });
    after(async () => t?.close());

    const key = () => ({ 'idempotency-key': idempotencyKey() });
    const inHours = (h: number) => new Date(t.clock.now().getTime() + h * 3_600_000).toISOString();

    test('a freeze is created with its reason and expiry, audited once, and replayed for the same key', async () => {
      const before = await t.counts();
      const headers = key();
      const body = { scope: 'prod', reason: 'quarter-end close', expiresAt: inHours(4) };
      const r = await t.call('createFreeze', { body, headers });
      assert.equal(r.statusCode, 201, r.body);
      const f = r.json() as Freeze;
      assert.equal(f.scope, 'prod');
      assert.equal(f.createdBy, 'alice');
      assert.equal(f.liftedAt, null);
      const again = await t.call('createFreeze', { body, headers });
      assert.equal(again.statusCode, 201);
      assert.equal((again.json() as Freeze).id, f.id, 'the replay answers the stored response');
      const afterCounts = await t.counts();
      assert.equal(afterCounts.audit, before.audit + 1);
      const list = (await t.call('listFreezes')).json() as { items: Freeze[] };
      assert.ok(list.items.some((x) => x.id === f.id));
      const audit = await t.call('listAudit', { query: { limit: 5 } });
      assert.ok(audit.body.includes('deploy_freeze.create'), 'the freeze is in the audit log');
    });

    test('validation names the field: an expiry in the past, an unknown scope, a missing reason', async () => {
      const past = await t.call('createFreeze', {
        body: { scope: 'global', reason: 'x-change', expiresAt: inHours(-1) },
        headers: key(),
      });
      assert.equal(past.statusCode, 400, past.body);
      assert.equal(past.json().field, 'expiresAt');
      assert.match(past.json().message, /must be in the future/);
      const scope = await t.call('createFreeze', {
        body: { scope: 'qa', reason: 'x-change', expiresAt: inHours(1) },
        headers: key(),
      });
      assert.equal(scope.statusCode, 400);
      assert.equal(scope.json().field, 'scope');
      const reason = await t.call('createFreeze', { body: { scope: 'global', expiresAt: inHours(1) }, headers: key() });
      assert.equal(reason.statusCode, 400);
      assert.equal(reason.json().field, 'reason');
      const noKey = await t.call('createFreeze', {
        body: { scope: 'global', reason: 'x-change', expiresAt: inHours(1) },
        headers: { 'idempotency-key': undefined },
      });
      assert.equal(noKey.statusCode, 400, 'mutations need an Idempotency-Key');
    });

    test('a freeze is lifted once; lifting it again is an illegal transition', async () => {
      const f = (
        await t.call('createFreeze', {
          body: { scope: 'global', reason: 'incident', expiresAt: inHours(2) },
          headers: key(),
        })
      ).json() as Freeze;
      const lifted = await t.call('liftFreeze', { params: { id: f.id }, body: { reason: 'resolved' }, headers: key() });
      assert.equal(lifted.statusCode, 200, lifted.body);
      assert.ok((lifted.json() as Freeze).liftedAt);
      const twice = await t.call('liftFreeze', { params: { id: f.id }, body: { reason: 'resolved' }, headers: key() });
      assert.equal(twice.statusCode, 409);
      const unknown = await t.call('liftFreeze', {
        params: { id: '00000000-0000-4000-8000-000000000000' },
        body: { reason: 'resolved' },
        headers: key(),
      });
      assert.equal(unknown.statusCode, 404);
    });

    test('history lists active deployments first, then newest, in cursor pages; an ended one cannot be paused', async () => {
      const db = t.database.db;
      const base = t.clock.now().getTime();
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const id = `1b0e5a3c-1d2e-4f5a-8b9c-0d1e2f3a4b${String(i).padStart(2, '0')}`;
        ids.push(id);
        await insertDeploymentOnce(db, {
          id,
          jobId: id,
          kind: 'gateway',
          environment: 'staging',
          shards: ['gateway-staging-0'],
          fromVersion: '2.14.3',
          fromState: [],
          toVersion: '2.15.0',
          strategy: { type: 'rolling', maxSurgePercent: 25, maxUnavailablePercent: 25 },
          steps: [],
          requestedBy: 'alice',
          reason: 'release',
          now: new Date(base + i * 1000).toISOString(),
        });
        if (i !== 1) await updateDeployment(db, id, { status: 'succeeded' }, new Date(base + i * 1000).toISOString());
      }
      const first = await t.call('listDeployments', { query: { limit: 2, environment: 'staging' } });
      assert.equal(first.statusCode, 200, first.body);
      const p1 = first.json() as { items: Deployment[]; nextCursor: string | null };
      assert.deepEqual(
        p1.items.map((d) => d.id),
        [ids[1], ids[4]]
      );
      const rest: string[] = [];
      let cursor = p1.nextCursor;
      while (cursor) {
        const p = (await t.call('listDeployments', { query: { limit: 2, environment: 'staging', cursor } })).json() as {
          items: Deployment[];
          nextCursor: string | null;
        };
        rest.push(...p.items.map((d) => d.id));
        cursor = p.nextCursor;
      }
      assert.deepEqual(rest, [ids[3], ids[2], ids[0]]);
      const wrongCursor = await t.call('listDeployments', {
        query: { limit: 2, environment: 'prod', cursor: p1.nextCursor! },
      });
      assert.equal(wrongCursor.statusCode, 400);
      const ended = await t.call('pauseDeployment', {
        params: { id: ids[0] },
        body: { reason: 'hold' },
        headers: key(),
      });
      assert.equal(ended.statusCode, 409, ended.body);
      const paused = await t.call('pauseDeployment', {
        params: { id: ids[1] },
        body: { reason: 'hold' },
        headers: key(),
      });
      assert.equal(paused.statusCode, 200, paused.body);
      const missing = await t.call('getDeployment', { params: { id: '00000000-0000-4000-8000-000000000000' } });
      assert.equal(missing.statusCode, 404);
      assert.equal((await t.call('getDeployment', { params: { id: 'nope' } })).statusCode, 400);
    });

    test('RBAC: writes need deployments:write, reads need deployments:read', async () => {
      const readOnly = await t.call('createFreeze', {
        body: { scope: 'global', reason: 'x-change', expiresAt: inHours(1) },
        headers: { ...key(), [GRANTED_ACTION_HEADER]: Actions.deploymentsRead },
      });
      assert.equal(readOnly.statusCode, 403);
      const wrongRead = await t.call('getVersionMatrix', { headers: { [GRANTED_ACTION_HEADER]: Actions.tenantsRead } });
      assert.equal(wrongRead.statusCode, 403);
    });

    test('the version matrix and image versions are read from the platform', async () => {
      const m = (await t.call('getVersionMatrix')).json() as VersionMatrix;
      assert.equal(m.error, null);
      const kinds = new Set(m.cells.map((c) => `${c.kind}/${c.environment}`));
      assert.equal(kinds.size, 12, [...kinds].join(' '));
      const c = m.cells.find((x) => x.shardId === 'projection-prod-1');
      assert.ok(c);
      assert.equal(c.namespace, 'platform-prod');
      assert.equal(c.replicasReady, c.replicasDesired);
      const tags = await t.call('listImageTags', { params: { kind: 'gateway' } });
      assert.equal(tags.statusCode, 200, tags.body);
      assert.equal(tags.json().repository, 'demo/gateway');
      assert.ok(tags.json().tags.includes('2.15.0-bad'));
      assert.equal((await t.call('listImageTags', { params: { kind: 'nope' } })).statusCode, 400);
    });
  });
}

describe('deployments routes without a Kubernetes API', () => {
  test('the matrix says why it is empty; a rollout fails its preflight closed and needs approval in prod', async () => {
    const t = await startTestApp('sqlite');
    try {
      const m = (await t.call('getVersionMatrix')).json() as VersionMatrix;
      assert.deepEqual(m.cells, []);
      assert.match(m.error ?? '', /not configured \(SWITCHYARD_K8S_URL\)/);
      const plan = await t.call('createJob', {
        query: { dryRun: 'true' },
        body: {
          type: 'deployment.rollout',
          reason: 'release',
          params: {
            kind: 'gateway',
            environment: 'prod',
            imageVersion: '2.15.0',
            strategy: { type: 'rolling', maxSurgePercent: 25, maxUnavailablePercent: 25 },
          },
        },
      });
      assert.equal(plan.statusCode, 201, plan.body);
      const p = plan.json().plan as {
        blocked: boolean;
        approvalRequired: boolean;
        preflight: Array<{ name: string; ok: boolean }>;
      };
      assert.equal(p.approvalRequired, true, 'the default approval policy covers prod:deployment.rollout');
      assert.equal(p.blocked, true);
      assert.ok(p.preflight.some((c) => c.name === 'kubernetes-api' && !c.ok));
      assert.ok(
        p.preflight.some((c) => c.name === 'image' && !c.ok),
        'no registry configured: the image cannot be checked'
      );
    } finally {
      await t.close();
    }
  });
});
