import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { alertmanagerConfig } from '../../scripts/stack/lib/configs';
import { freePort, requireBinary } from '../../scripts/stack/lib/processes';
import { readBody, shortenedRules, TestStack } from './support';

/**
 * End to end: simulator → VictoriaMetrics → vmalert (the real alerts/*.rules.yaml) → Alertmanager
 * → a webhook receiver with a bearer token. The rule files are copied with `for:` shortened to 5s
 * and group intervals to 2s so the test takes seconds; expressions, labels and annotations are the
 * committed ones (the `for` durations themselves are covered by promtool in `npm run test:alerts`).
 */
const TOKEN = 'e2e-webhook-token-5f0c2b9e';
const stack = new TestStack();
const received: Array<{
  auth?: string;
  body: { alerts: Array<{ status: string; labels: Record<string, string>; annotations: Record<string, string> }> };
}> = [];
let receiver: Server;
let vmalertUrl = '';

before(async () => {
  const vmalertBin = requireBinary('vmalert');
  const amBin = requireBinary('alertmanager');
  const sim = await stack.startSimulator(250);
  await stack.startVictoriaMetrics([
    { job: 'switchyard-simulator', target: new URL(sim).host, service: 'simulator', env: 'test', honorLabels: true },
  ]);

  receiver = createServer(async (req, res) => {
    const body = await readBody(req);
    if (req.url === '/api/v1/alerts/webhook' && req.method === 'POST')
      received.push({ auth: req.headers.authorization, body: JSON.parse(body) });
    res.writeHead(200).end();
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  const recvPort = (receiver.address() as { port: number }).port;

  const tokenFile = join(stack.dir, 'token');
  writeFileSync(tokenFile, TOKEN, { mode: 0o600 });
  const amCfg = join(stack.dir, 'alertmanager.yml');
  writeFileSync(
    amCfg,
    alertmanagerConfig({
      webhookUrl: `http://127.0.0.1:${recvPort}/api/v1/alerts/webhook`,
      bearerTokenFile: tokenFile,
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
  await stack.waitForQuery('count(rate(gateway_requests_total[30s]))', (n, v) => n === 1 && v[0] > 100, 30_000);
});
after(async () => {
  await stack.stop();
  await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
});

type VmalertAlert = { name: string; state: string; labels: Record<string, string> };
async function activeAlerts(): Promise<VmalertAlert[]> {
  const body = (await (await fetch(`${vmalertUrl}/api/v1/alerts`)).json()) as {
    data: { alerts: VmalertAlert[] | null };
  };
  return body.data.alerts ?? [];
}

describe('vmalert → Alertmanager → webhook, driven by a simulator knob', () => {
  it('loads every committed rule', async () => {
    const body = (await (await fetch(`${vmalertUrl}/api/v1/rules`)).json()) as {
      data: { groups: Array<{ rules: Array<{ name: string }> }> };
    };
    const names = body.data.groups.flatMap((g) => g.rules.map((r) => r.name));
    assert.ok(names.length >= 15, `${names.length} rules loaded`);
    for (const n of [
      'TenantHigh5xxRatio',
      'TenantDrainNotConverging',
      'TenantIsolationViolation',
      'SwitchyardJobStuck',
    ])
      assert.ok(names.includes(n), n);
  });

  it('an error burst on one tenant fires TenantHigh5xxRatio for that tenant, delivered with the bearer token and action link', async () => {
    // The busiest tenant: with seconds of history a quiet tenant's single random 5xx can already
    // exceed 5%, the busiest one's baseline (0.2% 5xx) cannot.
    const state = (await (await fetch(`${stack.simUrl}/sim/state`)).json()) as {
      tenants: Array<{ id: string; baseRps: number }>;
    };
    const tenant = [...state.tenants].sort((a, b) => b.baseRps - a.baseRps)[0].id;
    await new Promise((r) => setTimeout(r, 3000));
    const mine = (a: { labels: Record<string, string> }) =>
      a.labels.alertname === 'TenantHigh5xxRatio' && a.labels.tenant_id === tenant;
    assert.ok(
      !(await activeAlerts()).some((a) => a.name === 'TenantHigh5xxRatio' && a.labels.tenant_id === tenant),
      'silent before the knob'
    );
    assert.ok(!received.some((r) => r.body.alerts.some(mine)), 'nothing delivered before the knob');
    const res = await fetch(`${stack.simUrl}/sim/scenarios`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ errorBursts: [{ tenantId: tenant, ratio: 0.6 }] }),
    });
    assert.equal(res.status, 200);
    const deadline = Date.now() + 45_000;
    let hit: (typeof received)[number]['body']['alerts'][number] | undefined;
    let auth: string | undefined;
    while (!hit && Date.now() < deadline) {
      for (const r of received) {
        const a = r.body.alerts.find((x) => mine(x) && x.status === 'firing');
        if (a) {
          hit = a;
          auth = r.auth;
        }
      }
      if (!hit) await new Promise((r) => setTimeout(r, 500));
    }
    assert.ok(
      hit,
      `no TenantHigh5xxRatio delivered; vmalert alerts: ${JSON.stringify((await activeAlerts()).map((a) => [a.name, a.state, a.labels.tenant_id]))}`
    );
    assert.equal(auth, `Bearer ${TOKEN}`);
    assert.equal(hit.labels.tenant_id, tenant);
    assert.equal(hit.labels.severity, 'critical');
    assert.equal(hit.annotations.switchyard_action_url, `/a/switchyard-controlplane-app/tenants/${tenant}`);
    assert.match(hit.annotations.summary, new RegExp(`^Tenant ${tenant} \\(\\w+\\) gets [\\d.]+% 5xx$`));
    assert.ok(hit.annotations.runbook_url.endsWith('#tenanthigh5xxratio'));
    const delivered = received
      .flatMap((r) => r.body.alerts)
      .filter((a) => a.status === 'firing')
      .map((a) => a.labels.alertname);
    process.stdout.write(`# delivered firing alerts: ${[...new Set(delivered)].join(', ')}\n`);
  });
});
