import { Alert } from '@grafana/ui';
import React from 'react';
import { Link } from '../shared/Link';
import { tenantsUrl } from '../shared/routing';

export function NotFound() {
  return (
    <Alert severity="info" title="There is no Switchyard page at this address">
      The link may be outdated. Go to the <Link to={tenantsUrl()}>tenants list</Link>.
    </Alert>
  );
}
