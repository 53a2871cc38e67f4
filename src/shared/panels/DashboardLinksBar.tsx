import { Stack, Text, TextLink } from '@grafana/ui';
import React from 'react';
import { testIds } from '../testIds';

/** One-click links to provisioned dashboards (hrefs carry the variables and range already). */
export function DashboardLinksBar({ links }: { links: ReadonlyArray<{ uid: string; title: string; href: string }> }) {
  return (
    <Stack direction="row" gap={2} wrap="wrap" alignItems="center">
      <Text color="secondary">Dashboards:</Text>
      {links.map((d) => (
        <span key={d.uid} data-testid={testIds.panels.dashboardLink} data-dashboard-uid={d.uid}>
          <TextLink href={d.href} inline={false}>
            {d.title}
          </TextLink>
        </span>
      ))}
    </Stack>
  );
}
