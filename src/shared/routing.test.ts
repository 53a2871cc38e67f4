import pluginJson from '../../plugin.json';
import { endpoints } from '../contract';
import { dashboardUrl, prefixRoute, proxyUrl, tenantsUrl, tenantUrl, TENANT_TABS } from './routing';

describe('routing', () => {
  it('builds app page URLs under /a/<plugin id>', () => {
    expect(prefixRoute()).toBe('/a/switchyard-controlplane-app');
    expect(prefixRoute('/tenants')).toBe('/a/switchyard-controlplane-app/tenants');
    expect(tenantsUrl()).toBe('/a/switchyard-controlplane-app/tenants');
  });

  it('builds tenant URLs, encoding the id, with an optional tab', () => {
    expect(tenantUrl('acme')).toBe('/a/switchyard-controlplane-app/tenants/acme');
    expect(tenantUrl('acme', TENANT_TABS.activity)).toBe('/a/switchyard-controlplane-app/tenants/acme/activity');
    expect(tenantUrl('a/b')).toBe('/a/switchyard-controlplane-app/tenants/a%2Fb');
  });

  it('matches the nav include in plugin.json', () => {
    const include = pluginJson.includes.find((i) => i.name === 'Tenants');
    expect(include?.path.replace('%PLUGIN_ID%', pluginJson.id)).toBe(tenantsUrl());
  });

  it('builds plugin proxy URLs from contract paths', () => {
    expect(proxyUrl(endpoints.changeTenantStatus.path, { id: 'acme' })).toBe(
      '/api/plugin-proxy/switchyard-controlplane-app/api/v1/tenants/acme/status'
    );
    expect(() => proxyUrl(endpoints.getTenant.path)).toThrow(/missing path parameter id/);
  });

  it('only builds proxy paths that a plugin.json route forwards', () => {
    // Mirrors Grafana's app proxy: exact routes forward exactly, `prefix/*` routes forward below prefix.
    const routes = pluginJson.routes;
    for (const [name, e] of Object.entries(endpoints)) {
      const path = proxyUrl(e.path, {
        id: 'acme',
        kind: 'gateway',
        tenantId: 'acme',
        name: 'orders',
        version: '1',
        scope: 'default',
      }).replace('/api/plugin-proxy/switchyard-controlplane-app/', '');
      const route = routes.find(
        (r) =>
          r.method === e.method && (r.path === path || (r.path.endsWith('/*') && path.startsWith(r.path.slice(0, -1))))
      );
      expect({ name, route: route?.reqAction }).toEqual({ name, route: e.action });
    }
  });
});

describe('dashboardUrl', () => {
  it('sets template variables and the time range', () => {
    expect(dashboardUrl('switchyard-http', { tenant: 'acme prod', env: undefined })).toBe(
      '/d/switchyard-http?var-tenant=acme+prod'
    );
    expect(dashboardUrl('switchyard-logs', { tenant: 'a' }, { from: 'now-1h', to: 'now' })).toBe(
      '/d/switchyard-logs?var-tenant=a&from=now-1h&to=now'
    );
  });
});
