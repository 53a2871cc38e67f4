import { Stack, Text, TextLink } from '@grafana/ui';
import React from 'react';
import { TENANT_DASHBOARDS } from '../../constants';
import { dashboardUrl } from '../../shared/routing';
import { testIds } from '../../shared/testIds';

/** One-click links to every provisioned dashboard that takes a tenant, with `var-tenant` set. */
export function TenantDashboardLinks({ tenantId }: { tenantId: string }) {
  return (
    <div data-testid={testIds.panels.tenantObservability}>
      <Stack direction="row" gap={2} wrap="wrap" alignItems="center">
        <Text color="secondary">Dashboards:</Text>
        {TENANT_DASHBOARDS.map((d) => (
          <span key={d.uid} data-testid={testIds.panels.dashboardLink} data-dashboard-uid={d.uid}>
            <TextLink href={dashboardUrl(d.uid, { tenant: tenantId })} inline={false}>
              {d.title}
            </TextLink>
          </span>
        ))}
      </Stack>
    </div>
  );
}
