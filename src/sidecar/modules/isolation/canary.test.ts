/**
 * CANARY: the simulator hands out a managed credential reference for every tenant
 * (`vault:kv/tenants/<id>#dsn`). It must never appear in any sidecar response, log line (captured
 * pino output at trace level), audit entry or metric — whatever the tenant's state.
 */
import { test } from 'node:test';
import { testClockEnv } from '../../testing/testClock';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import {
  GRAFANA_ID_HEADER,
  GRANTED_ACTION_HEADER,
  PROXY_SECRET_HEADER,
  buildPath,
  endpoints,
  type EndpointName,
} from '../../../contract';
import { isolationReport } from '../../../simulator/isolation';
import { buildApp, openSidecarDatabase } from '../../app';
import { loadConfig } from '../../kernel/config/config';
import { createLogger } from '../../kernel/logger';
import { startIdentityProvider } from '../../testing/identityProvider';
import { startTestSimulator } from '../../../simulator/testing/startSimulator';
import { METRICS_AUTH, TEST_METRICS_TOKEN, TEST_SECRET, idempotencyKey } from '../../testing/testApp';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

test('canary: the credential reference never leaves the platform adapter', async () => {
  const sim = await startTestSimulator({ tenants: 10, tickMs: 60_000 });
  const idp = await startIdentityProvider();
  const dir = mkdtempSync(join(tmpdir(), 'sy-canary-'));
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const config = loadConfig({
    SWITCHYARD_PROXY_SECRET: TEST_SECRET,
    GRAFANA_URL: idp.url,
    SWITCHYARD_SQLITE_PATH: join(dir, 'canary.db'),
    SWITCHYARD_PLATFORM_URL: sim.url,
    SWITCHYARD_OUTBOUND_HOSTS: '127.0.0.1',
    SWITCHYARD_PLATFORM_TIMEOUT_MS: '300',
    SWITCHYARD_ISOLATION_REFRESH_MS: '100',
    SWITCHYARD_ISOLATION_TTL_MS: '1000',
    SWITCHYARD_VALIDATE_RESPONSES: 'true',
    SWITCHYARD_METRICS_TOKEN: TEST_METRICS_TOKEN,
    ...testClockEnv(),
  });
  const database = await openSidecarDatabase(config.store);
  const app = await buildApp(config, { database, logger: createLogger('trace', sink) });
  const token = await idp.mint();
  const bodies: string[] = [];
  const call = async (
    name: EndpointName,
    opts: { params?: Record<string, string>; body?: unknown; query?: string } = {}
  ) => {
    const def = endpoints[name];
    const res = await app.inject({
      method: def.method,
      url: `${buildPath(def.path, opts.params)}${opts.query ?? ''}`,
      headers: {
        [PROXY_SECRET_HEADER]: TEST_SECRET,
        [GRANTED_ACTION_HEADER]: def.action,
        [GRAFANA_ID_HEADER]: token,
        ...(def.idempotent ? { 'idempotency-key': idempotencyKey() } : {}),
        ...(opts.body ? { 'content-type': 'application/json' } : {}),
      },
      payload: opts.body ? JSON.stringify(opts.body) : undefined,
    });
    bodies.push(res.body, JSON.stringify(res.headers));
    return res;
  };

  try {
    const tenants = sim.sim.model.tenants;
    // The canary values, straight from the simulator, and proof the platform really sends them.
    const refs = tenants.map((t) => isolationReport(sim.sim.model, t, null).managedCredentialRef!);
    const direct = await (await fetch(`${sim.url}/v1/runtime/isolation/${tenants[0].id}`)).text();
    assert.ok(direct.includes(refs[0]), 'the simulator does send the reference');

    for (const t of tenants.slice(0, 8)) {
      const r = await call('createTenant', {
        body: {
          id: t.id,
          displayName: t.displayName,
          plan: t.plan,
          environment: t.env,
          organizationId: t.organizationId,
          applicationId: t.applicationId,
        },
      });
      assert.equal(r.statusCode, 201);
    }
    const problems = ['naming_mismatch', 'shared_connection', 'privilege_violation', 'schema_misalignment'] as const;
    await sim.scenarios({ isolation: Object.fromEntries(problems.map((p, i) => [tenants[i + 1].id, p])) });

    for (const t of tenants) {
      await call('getTenantIsolation', { params: { id: t.id } });
      await call('probeTenantIsolation', { params: { id: t.id }, body: { reason: 'canary sweep' } });
    }
    await call('listIsolation', { query: '?limit=200' });
    await call('listIsolation', { query: '?verdict=violation&check=privilege_probe' });
    await call('listAudit', { query: '?limit=200' });
    await sim.scenarios({ platformApiHang: true });
    await call('probeTenantIsolation', { params: { id: tenants[0].id }, body: { reason: 'canary timeout' } });
    await sim.scenarios({ platformApiHang: false });
    await sleep(1_300); // let a background refresh cycle run (TTL 1 s) and log
    const metrics = (await app.inject({ method: 'GET', url: '/metrics', headers: METRICS_AUTH })).body;
    const auditRows = await sql<Record<string, unknown>>`select * from audit_entries`.execute(database.db);
    const historyRows = await sql<Record<string, unknown>>`select * from isolation_verdict_changes`.execute(
      database.db
    );

    // The haystacks are real: they hold the isolation data, only not the reference.
    assert.ok(bodies.some((b) => b.includes('privilege_probe')));
    assert.ok(
      lines.some((l) => l.includes('isolation verdict changed')),
      'isolation logs were captured'
    );
    assert.ok(lines.some((l) => l.includes('isolation refresh complete')));
    assert.match(
      metrics,
      /switchyard_isolation_check_result\{tenant_id="[a-z0-9-]+",check="credential_reference",result="pass"\} 1/
    );
    assert.ok(auditRows.rows.some((r) => r.action === 'isolation.probe'));
    assert.ok(historyRows.rows.length >= tenants.length);

    const haystacks: Array<[string, string]> = [
      ['responses', bodies.join('\n')],
      ['logs', lines.join('')],
      ['audit', JSON.stringify(auditRows.rows)],
      ['history', JSON.stringify(historyRows.rows)],
      ['metrics', metrics],
    ];
    for (const [where, text] of haystacks) {
      assert.doesNotMatch(text, /vault:kv/, `no credential reference in ${where}`);
      for (const ref of refs) assert.ok(!text.includes(ref), `${ref} leaked into ${where}`);
      assert.doesNotMatch(text, /managedCredentialRef|rt_tenant_/, `no credential-adjacent fields in ${where}`);
    }
  } finally {
    await app.close();
    await database.close();
    await idp.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
