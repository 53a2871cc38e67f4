import { render, screen } from '@testing-library/react';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { TENANT_DASHBOARDS } from '../../constants';
import { testIds } from '../../shared/testIds';
import { TenantDashboardLinks } from './DashboardLinks';

const root = join(__dirname, '../../..');
const manifest = JSON.parse(readFileSync(join(root, 'plugin.json'), 'utf8')) as {
  includes: Array<{ type: string; path?: string }>;
};
const shipped = manifest.includes
  .filter((i) => i.type === 'dashboard' && i.path)
  .map(
    (i) =>
      JSON.parse(readFileSync(join(root, i.path!), 'utf8')) as {
        uid: string;
        templating?: { list: Array<{ name: string }> };
      }
  );

describe('TenantDashboardLinks', () => {
  it('links only to dashboards the app ships that take a tenant variable', () => {
    for (const d of TENANT_DASHBOARDS) {
      const dashboard = shipped.find((s) => s.uid === d.uid);
      expect(dashboard).toBeDefined();
      expect(dashboard!.templating?.list.map((v) => v.name)).toContain('tenant');
    }
  });

  it('opens each dashboard with var-tenant set', () => {
    render(
      <MemoryRouter>
        <TenantDashboardLinks tenantId="acme-prod" />
      </MemoryRouter>
    );
    const links = screen.getAllByTestId(testIds.panels.dashboardLink);
    expect(links).toHaveLength(TENANT_DASHBOARDS.length);
    expect(screen.getByRole('link', { name: 'HTTP detail' }).getAttribute('href')).toBe(
      '/d/switchyard-http?var-tenant=acme-prod'
    );
  });
});
