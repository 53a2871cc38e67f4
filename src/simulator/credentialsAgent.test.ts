/**
 * The simulated platform's credentials agent: a Secret a credentials.refresh writes is applied and
 * pushed back (service account token, Idempotency-Key, the job's target, the value, issuedAt), a push
 * refused because the job is not waiting yet is retried with the same key, any other refusal is final;
 * Secrets of other jobs or none are left alone; the value is in no log line, effect or /sim answer.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { SECRET_JOB_ANNOTATION, SECRET_JOB_TYPE_ANNOTATION } from '../contract/credentials';
import { buildSimulator, type Simulator } from './app';
import { SimConfigSchema, loadSimConfig } from './config';
import { waitFor } from './testing/startSimulator';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, string>;
}

const TOKEN = 'glsa_agent_token_for_tests';
const JOB = '0b8f6c1e-3f6a-4c39-9d1e-1d5b1f0d2a11';
const OTHER_JOB = '6a1e2f3d-4b5c-4d6e-8f70-8192a3b4c5d6';
const VALUE = 'postgres://tenant_1:Zk3v9QmYtB7pW2xR4nL8cD5fH1jS6gA0@db-dev.internal:5432/app';

describe('credentials agent', () => {
  let server: Server;
  let sim: Simulator;
  let simUrl = '';
  let logs = '';
  const received: Received[] = [];
  /** Status and body answered to each push, in order; then 200. */
  const answers: Array<[number, object]> = [];

  before(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (d) => (raw += d));
      req.on('end', () => {
        received.push({ path: req.url ?? '', headers: req.headers, body: JSON.parse(raw) });
        const [status, body] = answers.shift() ?? [
          200,
          { jobId: JOB, accepted: true, fingerprint: '0123456789abcdef', receivedAt: new Date().toISOString() },
        ];
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    const sink = new Writable({
      write(chunk, _enc, done) {
        logs += chunk;
        done();
      },
    });
    sim = buildSimulator(
      SimConfigSchema.parse({
        port: 0,
        tickMs: 100,
        rolloutDelayMs: 50,
        logLevel: 'info',
        scenarios: {},
        credentialsAgentPushUrl: `http://127.0.0.1:${port}/api/plugin-proxy/app/api/v1/credential-pushes/{job}`,
        credentialsAgentToken: TOKEN,
        credentialsAgentApplyMs: 50,
      }),
      pino({ level: 'info' }, sink)
    );
    simUrl = (await sim.start()).replace('localhost', '127.0.0.1');
  });
  after(async () => {
    await sim?.stop();
    await new Promise((r) => server?.close(r));
  });

  async function createSecret(name: string, annotations: Record<string, string>, data: Record<string, string>) {
    const res = await fetch(`${simUrl}/api/v1/namespaces/platform-dev/secrets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name, annotations },
        data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
      }),
    });
    assert.equal(res.status, 201, await res.text());
  }

  test('applies and pushes a refreshed credential; retries while the job is not waiting, with the same key', async () => {
    answers.push([409, { code: 'conflict', message: `Job ${JOB} is not waiting for credentials (job running)` }]);
    await createSecret(
      'agent-test-a-db',
      { [SECRET_JOB_ANNOTATION]: JOB, [SECRET_JOB_TYPE_ANNOTATION]: 'credentials.refresh' },
      { dsn: VALUE }
    );
    await waitFor(async () => received.length >= 2, 10_000, 'the second push');
    const [first, second] = received;
    assert.equal(first.path, `/api/plugin-proxy/app/api/v1/credential-pushes/${JOB}`);
    assert.equal(first.headers.authorization, `Bearer ${TOKEN}`);
    assert.match(String(first.headers['idempotency-key']), /^[0-9a-f-]{36}$/);
    assert.equal(second.headers['idempotency-key'], first.headers['idempotency-key'], 'one key per pushed secret');
    assert.deepEqual(
      { ...second.body, issuedAt: undefined },
      { environment: 'dev', secret: 'agent-test-a-db', key: 'dsn', value: VALUE, issuedAt: undefined }
    );
    assert.ok(Math.abs(Date.parse(second.body.issuedAt) - Date.now()) < 10_000);
    const effects = await (await fetch(`${simUrl}/sim/effects`)).json();
    assert.equal(effects.byTarget['credentialsApply:platform-dev/agent-test-a-db'], 1);
    await waitFor(
      async () => sim.effects.snapshot().byTarget['credentialsPush:platform-dev/agent-test-a-db'] === 1,
      5_000,
      'the push effect'
    );
  });

  test('a refusal other than "not waiting" is final; secrets of other jobs are left alone', async () => {
    received.length = 0;
    answers.push([400, { code: 'validation_failed', field: 'secret', message: 'secret must be "x"' }]);
    await createSecret(
      'agent-test-b-db',
      { [SECRET_JOB_ANNOTATION]: OTHER_JOB, [SECRET_JOB_TYPE_ANNOTATION]: 'credentials.refresh' },
      { dsn: VALUE }
    );
    await createSecret('agent-test-b-db-next', { [SECRET_JOB_ANNOTATION]: OTHER_JOB }, { dsn: VALUE });
    await createSecret('plain', {}, { password: VALUE });
    await waitFor(async () => received.length >= 1, 10_000, 'the push');
    await new Promise((r) => setTimeout(r, 1_000));
    assert.equal(received.length, 1, 'not retried, and nothing pushed for the other secrets');
    assert.match(logs, /push refused/);
    assert.match(logs, /secret must be/);
  });

  test('the value is in no log line, effect or /sim answer', async () => {
    const password = new URL(VALUE).password;
    const effects = await (await fetch(`${simUrl}/sim/effects`)).text();
    const state = await (await fetch(`${simUrl}/sim/state`)).text();
    for (const [where, text] of [
      ['logs', logs],
      ['effects', effects],
      ['state', state],
    ])
      assert.ok(!text.includes(password), `not in ${where}`);
  });

  test('config: push URL and token come together, and the URL names the job', () => {
    assert.throws(
      () => loadSimConfig({ SIM_CREDENTIALS_AGENT_PUSH_URL: 'http://grafana/push/{job}' }, []),
      /SIM_CREDENTIALS_AGENT_PUSH_URL: set both/
    );
    assert.throws(
      () =>
        loadSimConfig({ SIM_CREDENTIALS_AGENT_PUSH_URL: 'http://grafana/push', SIM_CREDENTIALS_AGENT_TOKEN: 't' }, []),
      /must contain \{job\}/
    );
    const c = loadSimConfig(
      { SIM_CREDENTIALS_AGENT_PUSH_URL: 'http://grafana/push/{job}', SIM_CREDENTIALS_AGENT_TOKEN: 't' },
      []
    );
    assert.equal(c.credentialsAgentToken, 't');
  });
});
