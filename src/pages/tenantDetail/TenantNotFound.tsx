import { Stack, Text } from '@grafana/ui';
import React from 'react';
import { Link } from '../../shared/Link';
import { tenantsUrl } from '../../shared/routing';

/**
 * The body of the tenant page when the sidecar answers 404 for the tenant: it does not exist, or
 * it lies outside the user's entitlement scope (the sidecar does not tell the two apart). The page
 * title says "Tenant <id> not found"; this says why and where to go.
 */
export function TenantNotFound({ tenantId }: { tenantId: string }) {
  return (
    <section aria-label="Tenant not found">
      <Stack direction="column" gap={1}>
        <Text>
          There is no tenant <code>{tenantId}</code>, or it is outside the tenants you are entitled to see.
        </Text>
        <div>
          <Link to={tenantsUrl()}>Back to the Tenants list</Link>
        </div>
      </Stack>
    </section>
  );
}

/** The tenant page's title once its tenant is known not to exist. */
export function tenantNotFoundTitle(tenantId: string): string {
  return `Tenant ${tenantId} not found`;
}
