/** Job start/finish annotations through the real composition root: simulator platform, fake Grafana. */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createJob, jobsEnv, seedTenant, startSim, waitForJob, type SimHandle } from '../../testing/jobsTestkit';
import { startTestApp, type TestApp } from '../../testing/testApp';

describe('job annotations (composition root)', () => {
  let sim: SimHandle;
  let t: TestApp;
  let grafana: Server;
  const seen: Array<{ method: string; url: string; body: Record<string, unknown> }> = [];

  before(async () => {
    grafana = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        if (req.headers.authorization !== 'Bearer glsa_annotations_token') {
          res.writeHead(401).end();
          return;
        }
        seen.push({ method: req.method ?? '', url: req.url ?? '', body: JSON.parse(raw || '{}') });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 42, message: 'ok' }));
      });
    });
    await new Promise<void>((r) => grafana.listen(0, '127.0.0.1', r));
    sim = await startSim();
    // GRAFANA_URL is the test identity provider (JWKS); the annotations API is the fake above.
    t = await startTestApp('sqlite', {
      ...jobsEnv(sim.url, {
        SWITCHYARD_OUTBOUND_HOSTS: `${new URL(sim.url).host},127.0.0.1:${(grafana.address() as AddressInfo).port}`,
      }),
      SWITCHYARD_GRAFANA_SA_TOKEN: 'glsa_annotations_token',
      SWITCHYARD_GRAFANA_API_URL: `http://127.0.0.1:${(grafana.address() as AddressInfo).port}`,
    });
    await seedTenant(t, sim, 'initech-003');
  });
  after(async () => {
    await t?.close();
    await sim?.close();
    grafana?.close();
  });

  test('a drain annotates its start, then turns it into a region with the outcome', async () => {
    const res = await createJob(t, {
      type: 'tenant.drain',
      params: { tenantId: 'initech-003', drainTimeoutSeconds: 10 },
    });
    assert.equal(res.statusCode, 201, res.body);
    const job = await waitForJob(t, res.json().job.id);
    assert.equal(job.status, 'succeeded', JSON.stringify(job.error));
    const deadline = Date.now() + 5000;
    while (seen.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    assert.deepEqual(
      seen.map((s) => `${s.method} ${s.url}`),
      ['POST /api/annotations', 'PATCH /api/annotations/42']
    );
    assert.ok((seen[0].body.tags as string[]).includes('tenant:initech-003'));
    assert.deepEqual((seen[1].body.tags as string[]).slice(-1), ['status:succeeded']);
    assert.equal(seen[1].body.timeEnd, Date.parse(job.finishedAt as string));
  });
});
