import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config';

const SECRET = 's'.repeat(32);
const base = {
  SWITCHYARD_PROXY_SECRET: SECRET,
  GRAFANA_URL: 'http://grafana.local:3000/',
  SWITCHYARD_OUTBOUND_HOSTS: 'grafana.local:3000',
};

function failsOn(env: Record<string, string>, variable: string) {
  assert.throws(
    () => loadConfig(env),
    (err: unknown) =>
      err instanceof ConfigError &&
      err.variable === variable &&
      err.message.includes(variable) &&
      !err.message.includes(SECRET)
  );
}

test('defaults: loopback:8787, SQLite at ./var/switchyard.db, issuer = GRAFANA_URL + "/", org 1', () => {
  const c = loadConfig(base);
  assert.equal(c.host, '127.0.0.1');
  assert.equal(c.port, 8787);
  assert.deepEqual(c.store, { kind: 'sqlite', path: './var/switchyard.db' });
  assert.equal(c.grafana.url, 'http://grafana.local:3000');
  assert.equal(c.grafana.jwksUrl, 'http://grafana.local:3000/api/signing-keys/keys');
  assert.equal(c.grafana.issuer, 'http://grafana.local:3000/');
  assert.deepEqual(c.grafana.allowedOrgs, [1]);
  assert.equal(c.logLevel, 'info');
});

test('DATABASE_URL selects PostgreSQL; explicit issuer and org list are honoured', () => {
  const c = loadConfig({
    ...base,
    DATABASE_URL: 'postgres://u@db:5432/sy',
    GRAFANA_ISSUER: 'https://g.example/',
    GRAFANA_ALLOWED_ORGS: '1, 7',
  });
  assert.equal(c.store.kind, 'postgres');
  assert.equal(c.grafana.issuer, 'https://g.example/');
  assert.deepEqual(c.grafana.allowedOrgs, [1, 7]);
});

test('a bad value names its variable and never echoes the value', () => {
  failsOn({ GRAFANA_URL: base.GRAFANA_URL }, 'SWITCHYARD_PROXY_SECRET');
  failsOn({ ...base, SWITCHYARD_PROXY_SECRET: 'short' }, 'SWITCHYARD_PROXY_SECRET');
  failsOn({ ...base, SWITCHYARD_PROXY_SECRET: `${SECRET},x` }, 'SWITCHYARD_PROXY_SECRET');
  failsOn({ SWITCHYARD_PROXY_SECRET: SECRET }, 'GRAFANA_URL');
  failsOn({ ...base, GRAFANA_URL: 'ftp://x' }, 'GRAFANA_URL');
  failsOn({ ...base, SWITCHYARD_PORT: '99999' }, 'SWITCHYARD_PORT');
  failsOn({ ...base, SWITCHYARD_PORT: 'http' }, 'SWITCHYARD_PORT');
  failsOn({ ...base, DATABASE_URL: 'mysql://x' }, 'DATABASE_URL');
  failsOn({ ...base, GRAFANA_ALLOWED_ORGS: '1,two' }, 'GRAFANA_ALLOWED_ORGS');
  failsOn({ ...base, LOG_LEVEL: 'verbose' }, 'LOG_LEVEL');
});

test("GRAFANA_URL's host must be on SWITCHYARD_OUTBOUND_HOSTS; the error names both settings", () => {
  for (const hosts of ['', 'grafana.local:3001', 'other.local']) {
    assert.throws(
      () => loadConfig({ ...base, SWITCHYARD_OUTBOUND_HOSTS: hosts }),
      (e: unknown) =>
        e instanceof ConfigError &&
        e.variable === 'GRAFANA_URL' &&
        /grafana\.local:3000 is not in SWITCHYARD_OUTBOUND_HOSTS/.test(e.message)
    );
  }
  assert.equal(
    loadConfig({ ...base, SWITCHYARD_OUTBOUND_HOSTS: 'grafana.local' }).grafana.url,
    'http://grafana.local:3000'
  );
  assert.throws(
    () => loadConfig({ ...base, SWITCHYARD_GRAFANA_API_URL: 'http://grafana-internal:3000' }),
    (e: unknown) => e instanceof ConfigError && e.variable === 'SWITCHYARD_GRAFANA_API_URL'
  );
});

test(
  'main exits non-zero with a one-line message naming the variable, without a stack trace',
  { timeout: 150_000 },
  () => {
    const tsx = join(__dirname, '..', '..', '..', '..', 'node_modules', '.bin', 'tsx');
    const r = spawnSync(tsx, [join(__dirname, '..', '..', 'main.ts')], {
      env: { PATH: process.env.PATH, GRAFANA_URL: 'http://127.0.0.1:1', SWITCHYARD_PROXY_SECRET: 'too-short' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /SWITCHYARD_PROXY_SECRET/);
    assert.doesNotMatch(r.stderr, /too-short/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
);

test('platform health watches every environment unless SWITCHYARD_HEALTH_ENVIRONMENTS narrows it; the former single variable is refused', () => {
  assert.deepEqual(loadConfig(base).operations.health.environments, ['dev', 'staging', 'prod']);
  assert.deepEqual(
    loadConfig({ ...base, SWITCHYARD_HEALTH_ENVIRONMENTS: ' prod, dev ' }).operations.health.environments,
    ['dev', 'prod'],
    'in environment order'
  );
  failsOn({ ...base, SWITCHYARD_HEALTH_ENVIRONMENTS: 'prod,qa' }, 'SWITCHYARD_HEALTH_ENVIRONMENTS');
  failsOn({ ...base, SWITCHYARD_HEALTH_ENVIRONMENTS: ' , ' }, 'SWITCHYARD_HEALTH_ENVIRONMENTS');
  assert.throws(
    () => loadConfig({ ...base, SWITCHYARD_HEALTH_ENVIRONMENT: 'prod' }),
    (err: unknown) =>
      err instanceof ConfigError &&
      err.variable === 'SWITCHYARD_HEALTH_ENVIRONMENT' &&
      /replaced by SWITCHYARD_HEALTH_ENVIRONMENTS/.test(err.message)
  );
});
