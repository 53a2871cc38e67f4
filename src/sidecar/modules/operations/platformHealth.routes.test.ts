/**
 * GET /api/v1/health/platform through the real composition root against the simulator's Kubernetes
 * API (client-node over HTTP): every environment's namespace, each its own snapshot, including the
 * ways reading it can fail.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PlatformHealthOverviewSchema, type PlatformHealth, type PlatformHealthOverview } from '../../../contract';
import { startTestSimulator, waitFor } from '../../../simulator/testing/startSimulator';
import type { Simulator } from '../../../simulator/app';
import { startTestApp, type TestApp } from '../../testing/testApp';

const K8S_TOKEN = 'sim-k8s-token-for-health';

function k8sEnv(url: string, token = K8S_TOKEN): Record<string, string> {
  return {
    SWITCHYARD_K8S_URL: url,
    SWITCHYARD_K8S_TOKEN: token,
    SWITCHYARD_OUTBOUND_HOSTS: new URL(url).host,
    SWITCHYARD_HEALTH_REFRESH_MS: '1000',
    SWITCHYARD_HEALTH_TIMEOUT_MS: '1500',
  };
}

async function overview(t: TestApp, query: Record<string, string> = {}): Promise<PlatformHealthOverview> {
  const res = await t.call('getPlatformHealth', { query });
  assert.equal(res.statusCode, 200, res.body);
  return PlatformHealthOverviewSchema.parse(res.json());
}

/** The prod snapshot (the simulator's crash loop is there). */
async function health(t: TestApp): Promise<PlatformHealth> {
  const prod = (await overview(t)).environments.find((e) => e.environment === 'prod');
  assert.ok(prod, 'prod is watched');
  return prod;
}

describe('platform health (simulator)', () => {
  let sim: Simulator;
  let simUrl: string;
  let t: TestApp;
  before(async () => {
    ({ sim, url: simUrl } = await startTestSimulator({
      k8sToken: K8S_TOKEN,
      scenarios: { crashLoops: [{ deployment: 'gateway-prod-0' }], failingCronJobs: [] },
    }));
    t = await startTestApp('sqlite', k8sEnv(simUrl));
  });
  after(async () => {
    await t?.close();
    await sim?.stop();
  });

  test('reads pods, deployments and cron jobs of platform-prod and applies the rules', async () => {
    const h = await waitFor(
      async () => {
        const s = await health(t);
        return s.lastSuccessAt && s.pods.some((p) => p.state === 'unhealthy') ? s : undefined;
      },
      10_000,
      'a health snapshot with the crash loop'
    );
    assert.equal(h.namespace, 'platform-prod');
    assert.equal(h.error, null);
    assert.equal(h.state, 'unhealthy');
    const gw = h.deployments.find((d) => d.name === 'gateway-prod-0');
    assert.equal(gw?.state, 'unhealthy', 'the crash-looping deployment has no ready replica');
    assert.ok(h.deployments.filter((d) => d.name !== 'gateway-prod-0').every((d) => d.state === 'healthy'));
    assert.equal(h.deployments[0].name, 'gateway-prod-0', 'worst first');
    const crashing = h.pods.filter((p) => p.owner === 'gateway-prod-0');
    assert.ok(crashing.length > 0 && crashing.every((p) => p.state === 'unhealthy' && p.reason === 'CrashLoopBackOff'));
    assert.deepEqual(h.cronJobs.map((c) => c.name).sort(), [
      'credit-reconcile',
      'projection-compaction',
      'storage-backup',
    ]);
    for (const c of h.cronJobs) {
      assert.equal(c.state, 'healthy', `${c.name}: ${c.reason}`);
      assert.equal(c.runs.length, 5);
    }
  });

  test('covers every environment, each its own namespace and checks; ?environment= narrows to one', async () => {
    const all = await waitFor(
      async () => {
        const o = await overview(t);
        return o.environments.every((e) => e.lastSuccessAt) ? o : undefined;
      },
      10_000,
      'a snapshot of every environment'
    );
    assert.deepEqual(
      all.environments.map((e) => [e.environment, e.namespace]),
      [
        ['dev', 'platform-dev'],
        ['staging', 'platform-staging'],
        ['prod', 'platform-prod'],
      ]
    );
    for (const e of all.environments) {
      assert.ok(e.checkedAt && e.auth?.checkedAt, `${e.environment} checked`);
      assert.equal(e.stale, false);
      assert.ok(
        e.deployments.length > 0 && e.deployments.every((d) => d.name.includes(`-${e.environment}-`)),
        `${e.environment}: only its own deployments`
      );
    }
    // The crash loop is prod's: the other environments stay healthy.
    assert.deepEqual(
      all.environments.map((e) => e.state),
      ['healthy', 'healthy', 'unhealthy']
    );
    const dev = await overview(t, { environment: 'dev' });
    assert.deepEqual(
      dev.environments.map((e) => e.environment),
      ['dev']
    );
    const bad = await t.call('getPlatformHealth', { query: { environment: 'qa' } });
    assert.equal(bad.statusCode, 400, bad.body);
  });

  test('SWITCHYARD_HEALTH_ENVIRONMENTS narrows what is watched; another environment answers 404', async () => {
    const t2 = await startTestApp('sqlite', { ...k8sEnv(simUrl), SWITCHYARD_HEALTH_ENVIRONMENTS: 'prod,dev' });
    try {
      assert.deepEqual(
        (await overview(t2)).environments.map((e) => e.environment),
        ['dev', 'prod']
      );
      const res = await t2.call('getPlatformHealth', { query: { environment: 'staging' } });
      assert.equal(res.statusCode, 404, res.body);
      assert.match(res.json().message, /Platform health of environment staging was not found/);
    } finally {
      await t2.close();
    }
  });

  test('a cron job whose last success is older than the configured window is unhealthy', async () => {
    // The simulator starts with its latest cron runs 15 min old (the next in 15 min): outside a 1-minute window.
    const t2 = await startTestApp('sqlite', {
      ...k8sEnv(simUrl),
      SWITCHYARD_CRON_WINDOW_MINUTES: '1',
      SWITCHYARD_HEALTH_ENVIRONMENTS: 'prod',
    });
    try {
      const h = await waitFor(
        async () => {
          const s = await health(t2);
          return s.lastSuccessAt ? s : undefined;
        },
        10_000,
        'first snapshot'
      );
      assert.ok(h.cronJobs.some((c) => c.state === 'unhealthy' && /window 1 min/.test(c.reason ?? '')));
    } finally {
      await t2.close();
    }
  });

  test('when the API stops answering the snapshot becomes unknown and stale, never healthy', async () => {
    const { sim: sim2, url } = await startTestSimulator({ k8sToken: K8S_TOKEN });
    const t2 = await startTestApp('sqlite', { ...k8sEnv(url), SWITCHYARD_HEALTH_ENVIRONMENTS: 'prod' });
    try {
      await waitFor(async () => (await health(t2)).lastSuccessAt, 10_000, 'first snapshot');
      await sim2.stop();
      const h = await waitFor(
        async () => {
          const s = await health(t2);
          return s.error ? s : undefined;
        },
        10_000,
        'a failed refresh'
      );
      assert.equal(h.state, 'unknown');
      assert.equal(h.stale, true);
      assert.ok(['unreachable', 'timeout'].includes(h.error?.code ?? ''), h.error?.code);
      assert.ok(h.deployments.length > 0 && h.deployments.every((d) => d.state === 'unknown'));
    } finally {
      await t2.close();
      await sim2.stop().catch(() => undefined);
    }
  });
});

describe('platform health without a usable Kubernetes API', () => {
  test('a rejected token gives unknown/unauthorized, and the token is not echoed', async () => {
    const { sim, url } = await startTestSimulator({ k8sToken: K8S_TOKEN });
    const t = await startTestApp('sqlite', {
      ...k8sEnv(url, 'wrong-token-value-123'),
      SWITCHYARD_HEALTH_ENVIRONMENTS: 'prod',
    });
    try {
      const h = await waitFor(
        async () => {
          const s = await health(t);
          return s.checkedAt ? s : undefined;
        },
        10_000,
        'first check'
      );
      assert.equal(h.state, 'unknown');
      assert.equal(h.error?.code, 'unauthorized');
      assert.equal(h.stale, false);
      assert.equal(h.auth?.state, 'unhealthy', 'the auth component says the token was refused');
      assert.match(h.auth?.reason ?? '', /refused the token/);
      assert.ok(!JSON.stringify(h).includes('wrong-token-value-123'));
    } finally {
      await t.close();
      await sim.stop();
    }
  });

  test('not configured → every environment unknown/not_configured', async () => {
    const t = await startTestApp('sqlite');
    try {
      const o = await overview(t);
      assert.deepEqual(
        o.environments.map((h) => [h.namespace, h.state, h.error?.code]),
        [
          ['platform-dev', 'unknown', 'not_configured'],
          ['platform-staging', 'unknown', 'not_configured'],
          ['platform-prod', 'unknown', 'not_configured'],
        ]
      );
    } finally {
      await t.close();
    }
  });

  test('needs operations:read', async () => {
    const t = await startTestApp('sqlite');
    try {
      const res = await t.call('getPlatformHealth', {
        headers: { 'x-switchyard-granted-action': 'switchyard-controlplane-app.tenants:read' },
      });
      assert.equal(res.statusCode, 403);
    } finally {
      await t.close();
    }
  });
});
