import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config';
import { needsApproval } from '../../jobs/approvalPolicy';
import { namespaceFor } from './jobs';

const base = {
  SWITCHYARD_PROXY_SECRET: 'x'.repeat(40),
  GRAFANA_URL: 'http://127.0.0.1:3000',
  SWITCHYARD_OUTBOUND_HOSTS: '127.0.0.1:3000',
};

test('default approval policy: high-impact types in prod only', () => {
  const c = loadConfig(base);
  assert.equal(needsApproval(c.jobs.approvalPolicy, 'prod', 'tenant.drain'), true);
  assert.equal(needsApproval(c.jobs.approvalPolicy, 'prod', 'credentials.refresh'), true);
  assert.equal(needsApproval(c.jobs.approvalPolicy, 'prod', 'tenant.resume'), false);
  assert.equal(needsApproval(c.jobs.approvalPolicy, 'staging', 'tenant.drain'), false);
  assert.equal(c.jobs.workers, true);
  assert.equal(c.jobs.kubernetes.url, null);
});

test('approval policy wildcards, none, and a bad entry naming the variable', () => {
  assert.deepEqual(loadConfig({ ...base, SWITCHYARD_APPROVAL_POLICY: 'none' }).jobs.approvalPolicy, []);
  const p = loadConfig({ ...base, SWITCHYARD_APPROVAL_POLICY: '*:deployment.scale, staging:*' }).jobs.approvalPolicy;
  assert.equal(needsApproval(p, 'dev', 'deployment.scale'), true);
  assert.equal(needsApproval(p, 'staging', 'tenant.resume'), true);
  assert.equal(needsApproval(p, 'prod', 'tenant.resume'), false);
  assert.throws(
    () => loadConfig({ ...base, SWITCHYARD_APPROVAL_POLICY: 'prod:tenant.explode' }),
    (e: unknown) => e instanceof ConfigError && e.variable === 'SWITCHYARD_APPROVAL_POLICY'
  );
});

test('the Kubernetes URL must be on the outbound allowlist; workers can be disabled', () => {
  assert.throws(
    () => loadConfig({ ...base, SWITCHYARD_K8S_URL: 'https://k8s.internal:6443' }),
    (e: unknown) => e instanceof ConfigError && e.variable === 'SWITCHYARD_K8S_URL'
  );
  const c = loadConfig({
    ...base,
    SWITCHYARD_K8S_URL: 'https://k8s.internal:6443',
    SWITCHYARD_OUTBOUND_HOSTS: '127.0.0.1:3000,k8s.internal:6443',
    SWITCHYARD_JOB_WORKERS: 'false',
  });
  assert.equal(c.jobs.kubernetes.url, 'https://k8s.internal:6443');
  assert.equal(c.jobs.workers, false);
  assert.throws(
    () => loadConfig({ ...base, SWITCHYARD_JOB_RETRY_BASE_MS: '500', SWITCHYARD_JOB_RETRY_MAX_MS: '100' }),
    (e: unknown) => e instanceof ConfigError && e.variable === 'SWITCHYARD_JOB_RETRY_MAX_MS'
  );
});

test('namespace template', () => {
  assert.equal(namespaceFor('platform-{env}', 'prod'), 'platform-prod');
  assert.equal(namespaceFor('shared', 'dev'), 'shared');
});
