/**
 * Config endpoints over HTTP on the real composition root, on SQLite and PostgreSQL: writes are new
 * immutable versions (the store refuses update and delete), bad input is refused naming the field
 * with nothing changed, a stale base version is a conflict, diff and rollback, the preview of a
 * draft on affected tenants, the staged config.apply job (environment by environment, audited,
 * idempotent, replay-safe) and a tenant's effective config with the source of every key; the audit
 * chain verifies after all of it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type {
  ConfigDiff,
  ConfigPreview,
  ConfigVersion,
  EffectiveConfig,
  JobDetail,
  ProvenanceEntry,
} from '../../../contract';
import pino from 'pino';
import { Mutations } from '../../kernel/mutations';
import { configApply } from './jobs/configApply';
import { seedTenantRows, tenantFixture } from '../../testing/entitlementsFixture';
import { waitForJob } from '../../testing/jobsTestkit';
import { BACKENDS, idempotencyKey, startTestApp, type TestApp } from '../../testing/testApp';

const LIMITS = 'tenant.limits';
const key = () => ({ 'idempotency-key': idempotencyKey() });
const doc = (kind: string, scope: string) => ({ kind, scope });

for (const backend of BACKENDS) {
  describe(`config routes (${backend})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(backend, {
        SWITCHYARD_APPROVAL_POLICY: 'none',
        SWITCHYARD_JOB_POLL_MS: '50',
        SWITCHYARD_JOB_RETRY_BASE_MS: '10',
      });
      const now = t.clock.now();
      await seedTenantRows(t, [
        tenantFixture('acme-001', { environment: 'prod', plan: 'team' }, now),
        tenantFixture('globex-002', { environment: 'prod', plan: 'enterprise' }, now),
        tenantFixture('hooli-003', { environment: 'staging', plan: 'team' }, now),
      ]);
    });
    after(async () => t?.close());

    const write = (kind: string, scope: string, value: unknown, baseVersion: number | null, headers = key()) =>
      t.call('writeConfig', {
        params: doc(kind, scope),
        body: { value, reason: 'capacity review', baseVersion },
        headers,
      });
    const apply = async (kind: string, scope: string, version: number, environments: string[]) => {
      const r = await t.call('applyConfig', {
        params: doc(kind, scope),
        body: { version, environments, reason: 'staged rollout' },
        headers: key(),
      });
      assert.equal(r.statusCode, 201, r.body);
      return waitForJob(t, (r.json() as { jobId: string }).jobId);
    };
    const effective = async (tenantId: string, kind = LIMITS) => {
      const r = await t.call('getTenantEffectiveConfig', { params: { id: tenantId } });
      assert.equal(r.statusCode, 200, r.body);
      const cfg = (r.json() as { configs: EffectiveConfig[] }).configs.find((c) => c.kind === kind)!;
      return new Map<string, ProvenanceEntry>(cfg.entries.map((e) => [e.path, e]));
    };

    test('before any document, the effective config is the built-in default with source default', async () => {
      const e = await effective('acme-001');
      assert.deepEqual(e.get('requestsPerSecond'), {
        path: 'requestsPerSecond',
        value: 100,
        source: 'default',
        scope: 'default',
        version: null,
      });
      const r = await t.call('getTenantEffectiveConfig', { params: { id: 'nobody-999' } });
      assert.equal(r.statusCode, 404);
    });

    test('every write is a new version with author, reason and schema version, audited once and replayed by key', async () => {
      const before = await t.counts();
      const headers = key();
      const v1 = await write(LIMITS, 'plan:team', { schemaVersion: 1, requestsPerSecond: 150 }, null, headers);
      assert.equal(v1.statusCode, 201, v1.body);
      const first = v1.json() as ConfigVersion;
      assert.equal(first.version, 1);
      assert.equal(first.author, 'alice');
      assert.equal(first.reason, 'capacity review');
      assert.equal(first.schemaVersion, 1);
      assert.match(first.hash, /^[0-9a-f]{64}$/);
      const replay = await write(LIMITS, 'plan:team', { schemaVersion: 1, requestsPerSecond: 150 }, null, headers);
      assert.equal(replay.statusCode, 201);
      assert.equal(replay.headers['idempotent-replayed'], 'true');
      assert.deepEqual(replay.json(), first);
      const v2 = await write(LIMITS, 'plan:team', { schemaVersion: 1, requestsPerSecond: 180, storageGb: 40 }, 1);
      assert.equal(v2.statusCode, 201, v2.body);
      assert.equal((v2.json() as ConfigVersion).version, 2);
      const afterCounts = await t.counts();
      assert.equal(afterCounts.audit, before.audit + 2, 'one audit entry per version');
      const list = (await t.call('listConfigVersions', { params: doc(LIMITS, 'plan:team') })).json() as {
        items: ConfigVersion[];
      };
      assert.deepEqual(
        list.items.map((v) => v.version),
        [2, 1]
      );
      assert.deepEqual(list.items[1], first, 'version 1 is unchanged by later writes');
    });

    test('the store refuses to update or delete a version', async () => {
      const db = t.database.db;
      await assert.rejects(
        db.updateTable('config_versions').set({ reason: 'rewritten' }).where('version', '=', 1).execute(),
        /append-only/
      );
      await assert.rejects(db.deleteFrom('config_versions').execute(), /append-only/);
      await assert.rejects(sql`delete from config_versions where version = 1`.execute(db), /append-only/);
      const one = (await t.call('getConfigVersion', { params: { ...doc(LIMITS, 'plan:team'), version: '1' } })).json();
      assert.equal(one.reason, 'capacity review');
    });

    test('bad input is refused naming the field, and nothing changes', async () => {
      const before = await t.counts();
      const negative = await write(LIMITS, 'plan:team', { schemaVersion: 1, storageGb: -5 }, 2);
      assert.equal(negative.statusCode, 400, negative.body);
      assert.equal(negative.json().field, 'value.storageGb');
      assert.ok(negative.json().requestId);
      const unknown = await write(LIMITS, 'plan:team', { schemaVersion: 1, requestPerSecond: 5 }, 2);
      assert.equal(unknown.statusCode, 400);
      assert.match(unknown.json().message, /requestPerSecond/);
      const incomplete = await write(LIMITS, 'default', { schemaVersion: 1, requestsPerSecond: 5 }, null);
      assert.equal(incomplete.statusCode, 400, 'a default document must be complete');
      assert.match(incomplete.json().field, /^value\./);
      const badScope = await write(LIMITS, 'planet:mars', { schemaVersion: 1 }, null);
      assert.equal(badScope.statusCode, 400);
      assert.equal(badScope.json().field, 'scope');
      const noTenant = await write(LIMITS, 'tenant:nobody-999', { schemaVersion: 1 }, null);
      assert.equal(noTenant.statusCode, 404);
      const stale = await write(LIMITS, 'plan:team', { schemaVersion: 1, requestsPerSecond: 1 }, 1);
      assert.equal(stale.statusCode, 409, stale.body);
      assert.equal(stale.json().field, 'baseVersion');
      const noKey = await write(LIMITS, 'plan:team', { schemaVersion: 1 }, 2, {
        'idempotency-key': undefined,
      } as never);
      assert.equal(noKey.statusCode, 400);
      const badApply = await t.call('applyConfig', {
        params: doc(LIMITS, 'plan:team'),
        body: { version: 2, environments: ['prod', 'dev'], reason: 'out of order' },
        headers: key(),
      });
      assert.equal(badApply.statusCode, 400);
      assert.equal(badApply.json().field, 'environments');
      const missing = await t.call('applyConfig', {
        params: doc(LIMITS, 'plan:team'),
        body: { version: 9, environments: ['dev'], reason: 'no such version' },
        headers: key(),
      });
      assert.equal(missing.statusCode, 404);
      const afterCounts = await t.counts();
      assert.equal(afterCounts.audit, before.audit, 'nothing was written');
      assert.equal((await t.call('listConfigVersions', { params: doc(LIMITS, 'plan:team') })).json().items.length, 2);
    });

    test('diff between any two versions, per key', async () => {
      const r = await t.call('diffConfigVersions', { params: doc(LIMITS, 'plan:team'), query: { from: 1, to: 2 } });
      assert.equal(r.statusCode, 200, r.body);
      assert.deepEqual((r.json() as ConfigDiff).entries, [
        { path: 'requestsPerSecond', change: 'changed', before: 150, after: 180 },
        { path: 'storageGb', change: 'added', after: 40 },
      ]);
      const none = await t.call('diffConfigVersions', { params: doc(LIMITS, 'plan:team'), query: { from: 1, to: 7 } });
      assert.equal(none.statusCode, 404);
    });

    test('preview shows the effective change for affected tenants only, and changes nothing', async () => {
      const before = await t.counts();
      const r = await t.call('previewConfig', {
        body: { kind: LIMITS, scope: 'plan:team', value: { schemaVersion: 1, requestsPerSecond: 180, storageGb: 60 } },
      });
      assert.equal(r.statusCode, 200, r.body);
      const p = r.json() as ConfigPreview;
      assert.equal(p.validation.valid, true);
      assert.deepEqual(p.diff, [{ path: 'storageGb', change: 'changed', before: 40, after: 60 }]);
      assert.equal(p.affectedTenants, 2, 'the two team tenants, not the enterprise one');
      assert.deepEqual(
        p.samples.map((s) => s.tenantId),
        ['acme-001', 'hooli-003']
      );
      assert.deepEqual(p.samples[0].changes, [{ path: 'storageGb', before: 40, after: 60, source: 'plan' }]);
      const invalid = (
        await t.call('previewConfig', {
          body: { kind: LIMITS, scope: 'plan:team', value: { schemaVersion: 1, storageGb: 'lots' } },
        })
      ).json() as ConfigPreview;
      assert.equal(invalid.validation.valid, false);
      assert.equal(invalid.validation.errors[0].path, 'storageGb');
      assert.deepEqual(await t.counts(), before);
    });

    test('apply is a staged job: environment by environment, audited, effective only where applied', async () => {
      const job = await apply(LIMITS, 'plan:team', 2, ['staging', 'prod']);
      assert.equal(job.status, 'succeeded', JSON.stringify(job.error));
      assert.equal(job.type, 'config.apply');
      const ran = job.steps.filter((s) => !('skipped' in ((s as { observed?: object }).observed ?? {})));
      assert.deepEqual(
        ran.map((s) => s.name),
        ['apply-staging', 'verify-staging', 'apply-prod', 'verify-prod']
      );
      const acme = await effective('acme-001');
      assert.deepEqual(acme.get('storageGb'), {
        path: 'storageGb',
        value: 40,
        source: 'plan',
        scope: 'plan:team',
        version: 2,
      });
      assert.equal(acme.get('maxEntities')?.source, 'default');
      assert.equal((await effective('globex-002')).get('storageGb')?.value, 10, 'enterprise keeps the default');
      const docs = (await t.call('listConfigDocuments', { query: { kind: LIMITS } })).json();
      const team = docs.items.find((d: { scope: string }) => d.scope === 'plan:team');
      assert.deepEqual(team.appliedVersion, { dev: null, staging: 2, prod: 2 });
      const audit = await t.call('listAudit', { query: { limit: 20 } });
      assert.equal((audit.body.match(/"config\.apply"/g) ?? []).length >= 2, true, 'one entry per environment');
    });

    test('a tenant override wins and says so; a replayed apply step writes nothing twice', async () => {
      const v = await write(LIMITS, 'tenant:acme-001', { schemaVersion: 1, requestsPerSecond: 999 }, null);
      assert.equal(v.statusCode, 201, v.body);
      const tenantEnvOnly = await t.call('applyConfig', {
        params: doc(LIMITS, 'tenant:acme-001'),
        body: { version: 1, environments: ['staging'], reason: 'wrong environment' },
        headers: key(),
      });
      assert.equal(tenantEnvOnly.statusCode, 400);
      assert.equal(tenantEnvOnly.json().field, 'environments');
      const job = await apply(LIMITS, 'tenant:acme-001', 1, ['prod']);
      assert.equal(job.status, 'succeeded', JSON.stringify(job.error));
      const e = await effective('acme-001');
      assert.deepEqual(e.get('requestsPerSecond'), {
        path: 'requestsPerSecond',
        value: 999,
        source: 'tenant',
        scope: 'tenant:acme-001',
        version: 1,
      });
      assert.equal(e.get('storageGb')?.source, 'plan');
      const applies = async () =>
        Number(
          (
            await t.database.db
              .selectFrom('audit_entries')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('action', '=', 'config.apply')
              .executeTakeFirstOrThrow()
          ).n
        );
      const before = await applies();
      const again = await apply(LIMITS, 'tenant:acme-001', 1, ['prod']);
      assert.equal(again.status, 'succeeded');
      const step = again.steps.find((s: JobDetail['steps'][number]) => s.name === 'apply-prod');
      assert.equal((step?.observed as { alreadyApplied?: boolean }).alreadyApplied, true);
      assert.equal(await applies(), before, 'an already applied version is not applied (nor audited) again');
    });

    test('rollback is a new version equal to the old one; applying it restores the effective value', async () => {
      const r = await t.call('rollbackConfig', {
        params: doc(LIMITS, 'plan:team'),
        body: { toVersion: 1, reason: 'storage increase caused noisy neighbours' },
        headers: key(),
      });
      assert.equal(r.statusCode, 201, r.body);
      const v3 = r.json() as ConfigVersion;
      assert.equal(v3.version, 3);
      assert.equal(v3.restoredFrom, 1);
      const v1 = (await t.call('getConfigVersion', { params: { ...doc(LIMITS, 'plan:team'), version: '1' } })).json();
      assert.deepEqual(v3.value, v1.value);
      assert.equal(v3.hash, v1.hash);
      const twice = await t.call('rollbackConfig', {
        params: doc(LIMITS, 'plan:team'),
        body: { toVersion: 1, reason: 'again' },
        headers: key(),
      });
      assert.equal(twice.statusCode, 409, 'the latest already equals version 1');
      const unknown = await t.call('rollbackConfig', {
        params: doc(LIMITS, 'plan:team'),
        body: { toVersion: 42, reason: 'no such version' },
        headers: key(),
      });
      assert.equal(unknown.statusCode, 404);
      const job = await apply(LIMITS, 'plan:team', 3, ['prod']);
      assert.equal(job.status, 'succeeded', JSON.stringify(job.error));
      const hooli = await effective('globex-002');
      assert.equal(hooli.get('storageGb')?.value, 10);
      const acme = await effective('acme-001');
      assert.equal(acme.get('storageGb')?.source, 'default', 'version 1 did not set storageGb');
      const staging = await effective('hooli-003');
      assert.equal(staging.get('storageGb')?.value, 40, 'staging still runs version 2 until applied there');
    });

    test('kill-safe: every step of config.apply run twice (a crash before the step is saved) applies once', async () => {
      const v = await write('drain.thresholds', 'environment:staging', { schemaVersion: 1, timeoutSeconds: 120 }, null);
      assert.equal(v.statusCode, 201, v.body);
      const params = {
        kind: 'drain.thresholds' as const,
        scope: 'environment:staging',
        version: 1,
        environments: ['staging' as const],
      };
      const mutations = new Mutations(t.database.db, pino({ level: 'silent' }), t.clock);
      const deps = { db: t.database.db, mutations, clock: t.clock, waitTimeoutMs: 1000, pollIntervalMs: 10 };
      const jobId = '00000000-0000-4000-8000-00000000c0f1';
      const ctx = {
        jobId,
        params,
        target: await configApply.target(params, deps),
        context: {},
        remember: async () => undefined,
        signal: new AbortController().signal,
        deps,
        mutation: { actor: { login: 'alice', orgId: 1, role: 'job' }, requestId: 'replay', jobId },
        reason: 'replay',
      };
      const audits = async () =>
        (await t.database.db.selectFrom('audit_entries').select('action').where('job_id', '=', jobId).execute()).length;
      for (const step of configApply.steps) {
        await step.run(ctx);
        await step.run(ctx);
      }
      assert.equal(await audits(), 1, 'applied (and audited) once');
      const rows = await t.database.db
        .selectFrom('config_applied')
        .selectAll()
        .where('kind', '=', 'drain.thresholds')
        .execute();
      assert.deepEqual(
        rows.map((r) => [r.environment, Number(r.version)]),
        [['staging', 1]]
      );
    });

    test('the audit chain verifies after the config writes, applies and rollback', async () => {
      const v = (await t.call('verifyAudit')).json();
      assert.equal(v.ok, true, JSON.stringify(v));
      const audit = await t.call('listAudit', { query: { limit: 100 } });
      for (const action of ['config.write', 'config.rollback', 'config.apply'])
        assert.ok(audit.body.includes(`"${action}"`), action);
    });
  });
}
