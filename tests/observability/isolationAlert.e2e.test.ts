import { after, before, describe, it } from 'node:test';
import { TEST_METRICS_TOKEN } from '../../src/sidecar/testing/testApp';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { alertmanagerConfig } from '../../scripts/stack/lib/configs';
import { freePort, requireBinary } from '../../scripts/stack/lib/processes';
import { startIsolationFixture, type IsolationFixture } from '../../src/sidecar/testing/isolationFixture';
import { readBody, shortenedRules, TestStack } from './support';

/**
 * End to end for TenantIsolationViolation: the real simulator with one tenant set to a privilege
 * violation → the REAL sidecar app (listening on loopback, background isolation refresh every 500ms)
 * probing it → VictoriaMetrics scraping both the simulator and the sidecar's /metrics → vmalert with
 * the committed rules (intervals shortened) → Alertmanager → a webhook receiver.
 */
const stack = new TestStack();
type Alert = { status: string; labels: Record<string, string>; annotations: Record<string, string> };
const received: Alert[] = [];
let receiver: Server | undefined;
let fx: IsolationFixture | undefined;
let vmalertUrl = '';
let violating = '';
let clean = '';

before(async () => {
  const vmalertBin = requireBinary('vmalert');
  const amBin = requireBinary('alertmanager');
  // Tenant 0 violates isolation, every other simulator tenant is clean; records exist for the first 4.
  fx = await startIsolationFixture('sqlite', {
    simTenants: 6,
    records: 4,
    problems: { 0: 'privilege_violation' },
    env: { SWITCHYARD_ISOLATION_REFRESH_MS: '500' },
  });
  violating = fx.tenants[0].id;
  clean = fx.tenants[1].id;
  const sidecarUrl = (await fx.t.app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');

  await stack.startVictoriaMetrics([
    {
      job: 'switchyard-simulator',
      target: new URL(fx.sim.url).host,
      service: 'simulator',
      env: 'test',
      honorLabels: true,
    },
    {
      job: 'switchyard-sidecar',
      target: new URL(sidecarUrl).host,
      service: 'sidecar',
      env: 'test',
      bearerToken: TEST_METRICS_TOKEN,
    },
  ]);

  receiver = createServer(async (req, res) => {
    const body = await readBody(req);
    if (req.url === '/api/v1/alerts/webhook' && req.method === 'POST')
      received.push(...(JSON.parse(body) as { alerts: Alert[] }).alerts);
    res.writeHead(200).end();
  });
  await new Promise<void>((r) => receiver!.listen(0, '127.0.0.1', () => r()));
  const recvPort = (receiver.address() as { port: number }).port;

  const amCfg = join(stack.dir, 'alertmanager.yml');
  writeFileSync(
    amCfg,
    alertmanagerConfig({
      webhookUrl: `http://127.0.0.1:${recvPort}/api/v1/alerts/webhook`,
      groupWait: '1s',
      groupInterval: '2s',
      repeatInterval: '1h',
    })
  );
  const amPort = await freePort();
  const am = stack.launch('alertmanager', amBin, [
    `--config.file=${amCfg}`,
    `--storage.path=${join(stack.dir, 'am')}`,
    `--web.listen-address=127.0.0.1:${amPort}`,
    '--cluster.listen-address=',
  ]);
  await stack.ready(am, `http://127.0.0.1:${amPort}/-/ready`);

  const vmalertPort = await freePort();
  vmalertUrl = `http://127.0.0.1:${vmalertPort}`;
  const vmalert = stack.launch('vmalert', vmalertBin, [
    `-httpListenAddr=127.0.0.1:${vmalertPort}`,
    `-rule=${shortenedRules(join(stack.dir, 'rules'))}`,
    `-datasource.url=${stack.vmUrl}`,
    `-notifier.url=http://127.0.0.1:${amPort}`,
    '-evaluationInterval=2s',
    '-datasource.queryStep=1s',
  ]);
  await stack.ready(vmalert, `${vmalertUrl}/health`);
});
after(async () => {
  await stack.stop();
  await fx?.close();
  await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
});

async function activeAlerts(): Promise<Array<{ name: string; state: string; labels: Record<string, string> }>> {
  const body = (await (await fetch(`${vmalertUrl}/api/v1/alerts`)).json()) as {
    data: { alerts: Array<{ name: string; state: string; labels: Record<string, string> }> | null };
  };
  return body.data.alerts ?? [];
}

describe('TenantIsolationViolation: simulator → sidecar /metrics → vmalert → Alertmanager → webhook', () => {
  it('the sidecar exports the violation and it is scraped (clean tenant: no violation series)', async () => {
    await stack.waitForQuery(
      `switchyard_isolation_check_result{job="switchyard-sidecar",tenant_id="${violating}",result="violation"}`,
      (n) => n >= 1,
      20_000
    );
    await stack.waitForQuery(
      `switchyard_isolation_check_result{job="switchyard-sidecar",tenant_id="${clean}"}`,
      (n) => n >= 1,
      20_000
    );
    const r = await stack.query(`switchyard_isolation_check_result{tenant_id="${clean}",result="violation"}`);
    assert.equal(r.status, 'success');
    assert.deepEqual(r.data?.result, [], 'clean tenant has no violation series');
  });

  it('delivers the isolation alert for the violating tenant with its action link, and none for the clean tenant', async () => {
    const isolation = (a: Alert) => a.labels.alertname === 'TenantIsolationViolation';
    const deadline = Date.now() + 40_000;
    let hit: Alert | undefined;
    while (!hit && Date.now() < deadline) {
      hit = received.find((a) => isolation(a) && a.status === 'firing' && a.labels.tenant_id === violating);
      if (!hit) await new Promise((r) => setTimeout(r, 500));
    }
    assert.ok(
      hit,
      `no TenantIsolationViolation delivered for ${violating}; vmalert alerts: ${JSON.stringify((await activeAlerts()).map((a) => [a.name, a.state, a.labels.tenant_id]))}`
    );
    assert.equal(hit.labels.severity, 'critical');
    assert.ok(hit.labels.check, 'check label');
    assert.equal(
      hit.annotations.switchyard_action_url,
      `/a/switchyard-controlplane-app/tenants/${violating}/isolation`
    );
    assert.match(
      hit.annotations.summary,
      new RegExp(`^Tenant ${violating} violates isolation \\(${hit.labels.check}\\)$`)
    );
    assert.ok(hit.annotations.runbook_url.endsWith('#tenantisolationviolation'));
    // Give the other tenants the same evaluation/notification rounds: the clean tenant must stay silent.
    await new Promise((r) => setTimeout(r, 3000));
    assert.ok(
      !received.some((a) => isolation(a) && a.labels.tenant_id === clean),
      'clean tenant got an isolation alert'
    );
    assert.deepEqual(
      [...new Set(received.filter(isolation).map((a) => a.labels.tenant_id))],
      [violating],
      'only the violating tenant alerts'
    );
    assert.ok(
      !(await activeAlerts()).some((a) => a.name === 'TenantIsolationViolation' && a.labels.tenant_id === clean),
      'vmalert: clean tenant not firing'
    );
  });
});
