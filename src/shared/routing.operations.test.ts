import { appPaths, type SuggestedAction } from '../contract';
import {
  jobUrl,
  operationsUrl,
  shardUrl,
  suggestionUrl,
  tenantActionUrl,
  tenantMigrateUrl,
  tenantUrl,
} from './routing';

/** The sidecar builds alert links with the contract's appPaths; the pages build the same URLs here. */
describe('plugin URLs agree with the contract', () => {
  const s = (over: Partial<SuggestedAction>): SuggestedAction => ({
    kind: 'drain',
    title: '',
    targetType: 'tenant',
    targetId: 'acme-001',
    environment: 'prod',
    jobType: null,
    serviceKind: null,
    path: '',
    ...over,
  });

  it('tenant actions, tenants, jobs and deployment restarts', () => {
    expect(tenantActionUrl('acme-001', 'drain')).toBe(appPaths.tenantAction('acme-001', 'drain'));
    expect(tenantUrl('acme-001')).toBe(appPaths.tenant('acme-001'));
    expect(jobUrl('0b0e5a3c-1d2e-4f5a-8b9c-0d1e2f3a4b5c')).toBe(appPaths.job('0b0e5a3c-1d2e-4f5a-8b9c-0d1e2f3a4b5c'));
    expect(operationsUrl({ action: 'restart', target: 'prod/gateway-prod-0' })).toBe(
      appPaths.deploymentRestart('prod', 'gateway-prod-0')
    );
  });

  it('suggestionUrl follows the suggestion kind and target', () => {
    expect(suggestionUrl(s({}))).toBe(appPaths.tenantAction('acme-001', 'drain'));
    expect(suggestionUrl(s({ kind: 'open' }))).toBe(appPaths.tenant('acme-001'));
    expect(suggestionUrl(s({ kind: 'restart', targetType: 'deployment', targetId: 'gateway-prod-0' }))).toBe(
      appPaths.deploymentRestart('prod', 'gateway-prod-0')
    );
    expect(suggestionUrl(s({ kind: 'open', targetType: 'job', targetId: 'j1' }))).toBe(appPaths.job('j1'));
    expect(suggestionUrl(s({ kind: 'undrain' }))).toBe(appPaths.tenantAction('acme-001', 'undrain'));
    expect(suggestionUrl(s({ kind: 'reprobe' }))).toBe(appPaths.tenantIsolation('acme-001'));
    expect(suggestionUrl(s({ kind: 'migrate', serviceKind: 'gateway' }))).toBe(
      appPaths.tenantMigrate('acme-001', 'gateway')
    );
    expect(suggestionUrl(s({ kind: 'open', targetType: 'shard', targetId: 'gateway-prod-0' }))).toBe(
      appPaths.shard('gateway-prod-0')
    );
    expect(tenantMigrateUrl('acme-001', 'runner')).toBe(appPaths.tenantMigrate('acme-001', 'runner'));
    expect(shardUrl('runner-dev-1')).toBe(appPaths.shard('runner-dev-1'));
  });
});
