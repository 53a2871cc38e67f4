import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { Stack, TagList, Text, useStyles2 } from '@grafana/ui';
import React from 'react';
import { StatusBadge } from '../../shared/StatusBadge';
import type { Tenant } from '../../contract';
import { formatTimestamp } from '../../shared/timestamps';

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section aria-label={title}>
      <Stack direction="column" gap={1}>
        <Text element="h3" variant="h5">
          {title}
        </Text>
        {children}
      </Stack>
    </section>
  );
}

function Pairs({ rows }: { rows: Array<[string, React.ReactNode]> }) {
  const styles = useStyles2(getStyles);
  return (
    <dl className={styles.pairs}>
      {rows.map(([term, value]) => (
        <React.Fragment key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </React.Fragment>
      ))}
    </dl>
  );
}

/** Read-only view of a tenant's fields, quotas, labels, flags and contacts. */
export function TenantFields({ tenant }: { tenant: Tenant }) {
  const labels = Object.entries(tenant.labels).map(([k, v]) => (v ? `${k}=${v}` : k));
  const flags = Object.entries(tenant.featureFlags);
  return (
    <Stack direction="column" gap={3}>
      <Section title="Tenant">
        <Pairs
          rows={[
            ['Id', <code key="id">{tenant.id}</code>],
            ['Display name', tenant.displayName],
            ['Status', <StatusBadge key="status" status={tenant.status} />],
            ['Plan', tenant.plan],
            ['Environment', tenant.environment],
            ['Organization id', <code key="org">{tenant.organizationId}</code>],
            ['Application id', <code key="app">{tenant.applicationId}</code>],
            ['Created', formatTimestamp(tenant.createdAt)],
            ['Updated', formatTimestamp(tenant.updatedAt)],
            ['Version', String(tenant.version)],
          ]}
        />
      </Section>
      <Section title="Quotas">
        <Text color="secondary" variant="bodySmall">
          Contracted on the tenant record. The platform enforces the tenant&apos;s effective limits (tenant.limits on
          the Config tab, with where each value comes from); the saturation graph measures against those.
        </Text>
        <Pairs
          rows={[
            ['Requests per second', tenant.quotas.requestsPerSecond.toLocaleString()],
            ['Storage', `${tenant.quotas.storageGb.toLocaleString()} GB`],
            ['Max connections', tenant.quotas.maxConnections.toLocaleString()],
          ]}
        />
      </Section>
      <Section title="Labels">
        {labels.length ? <TagList tags={labels} /> : <Text color="secondary">No labels</Text>}
      </Section>
      <Section title="Feature flags">
        <Pairs rows={flags.map(([name, on]) => [name === 'killSwitch' ? 'Kill switch' : name, on ? 'On' : 'Off'])} />
      </Section>
      <Section title="Contacts">
        {tenant.contacts.length === 0 ? (
          <Text color="secondary">No contacts</Text>
        ) : (
          <Pairs
            rows={tenant.contacts.map((c) => [
              `${c.name} (${c.role})`,
              <a key={c.email} href={`mailto:${c.email}`}>
                {c.email}
              </a>,
            ])}
          />
        )}
      </Section>
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  pairs: css({
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(3),
    rowGap: theme.spacing(0.5),
    margin: 0,
    dt: { color: theme.colors.text.secondary },
    dd: { margin: 0 },
  }),
});
