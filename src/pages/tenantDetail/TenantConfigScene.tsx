import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import {
  SceneObjectBase,
  SceneObjectUrlSyncConfig,
  type SceneComponentProps,
  type SceneObjectState,
  type SceneObjectUrlValues,
} from '@grafana/scenes';
import {
  Badge,
  EmptyState,
  LoadingPlaceholder,
  Select,
  Stack,
  Text,
  TextLink,
  useStyles2,
  type BadgeColor,
} from '@grafana/ui';
import React from 'react';
import type { ApiRequestError } from '../../api/ApiRequestError';
import { configApi, type ConfigApi, type TenantEffectiveConfig } from '../../api/configApi';
import { CONFIG_KINDS, type ConfigKind, type ConfigLevel } from '../../contract';
import { ApiErrorAlert } from '../../shared/ApiErrorAlert';
import { selectOptions } from '../../shared/MultiSelectFilter';
import { configUrl } from '../../shared/routing';
import { useDataTableClass } from '../../shared/tableStyles';
import { testIds } from '../../shared/testIds';
import { oneOf } from '../../shared/urlState';
import { RequestSequence } from '../../shared/latestRequest';

const SOURCE_COLOR: Record<ConfigLevel, BadgeColor> = {
  default: 'blue',
  environment: 'purple',
  plan: 'orange',
  tenant: 'green',
};

export interface TenantConfigSceneState extends SceneObjectState {
  tenantId: string;
  /** One kind only (URL `kind`), or every kind. */
  kind?: ConfigKind;
  effective?: TenantEffectiveConfig;
  error?: ApiRequestError;
}

/**
 * Tenant → Config: the effective value of every key of every config kind as applied in the
 * tenant's environment, and where it comes from (built-in or written default, environment, plan or
 * the tenant's own override) with the document version; each source links to its document.
 */
export class TenantConfigScene extends SceneObjectBase<TenantConfigSceneState> {
  static Component = TenantConfigRenderer;
  protected override _urlSync = new SceneObjectUrlSyncConfig(this, { keys: ['kind'] });
  private readonly requests = new RequestSequence();

  constructor(
    state: Pick<TenantConfigSceneState, 'tenantId'> & Partial<TenantConfigSceneState>,
    private readonly api: ConfigApi = configApi
  ) {
    super(state);
    this.addActivationHandler(() => {
      void this.load();
      return () => this.requests.cancel();
    });
  }

  getUrlState(): SceneObjectUrlValues {
    return { kind: this.state.kind ?? null };
  }

  updateFromUrl(values: SceneObjectUrlValues) {
    const kind = oneOf(values.kind, CONFIG_KINDS);
    if (kind !== this.state.kind) this.setState({ kind });
  }

  setKind = (kind: ConfigKind | undefined) => this._urlSync.performBrowserHistoryAction(() => this.setState({ kind }));

  load = () =>
    this.requests.run(
      () => this.api.effective(this.state.tenantId),
      (effective) => this.setState({ effective, error: undefined }),
      (error) => this.setState({ error })
    );
}

const show = (v: unknown) => JSON.stringify(v);

function TenantConfigRenderer({ model }: SceneComponentProps<TenantConfigScene>) {
  const styles = useStyles2(getStyles);
  const table = useDataTableClass();
  const { effective, error, kind } = model.useState();
  if (error) return <ApiErrorAlert title="Could not load the effective config" error={error} onRetry={model.load} />;
  if (!effective) return <LoadingPlaceholder text="Loading the effective config…" />;
  const configs = effective.configs.filter((c) => !kind || c.kind === kind);
  return (
    <div className={styles.page} data-testid={testIds.configDocs.tenantTab}>
      <Stack direction="row" gap={2} alignItems="center">
        <Text>
          As applied in <strong>{effective.environment}</strong> for plan <strong>{effective.plan}</strong>
        </Text>
        <Select
          options={[{ value: '', label: 'Every kind' }, ...selectOptions(CONFIG_KINDS)]}
          value={kind ?? ''}
          onChange={(o) => model.setKind((o.value || undefined) as ConfigKind | undefined)}
          width={28}
          aria-label="Filter by config kind"
        />
      </Stack>
      {configs.every((c) => c.entries.length === 0) ? (
        <EmptyState variant="not-found" message="No config keys for this filter." />
      ) : (
        <table className={table}>
          <thead>
            <tr>
              <th>Kind</th>
              <th>Key</th>
              <th>Effective value</th>
              <th>Source</th>
              <th>Document</th>
            </tr>
          </thead>
          <tbody>
            {configs.flatMap((c) =>
              c.entries.map((e) => (
                <tr
                  key={`${c.kind}/${e.path}`}
                  data-testid={testIds.configDocs.effectiveRow}
                  data-kind={c.kind}
                  data-path={e.path}
                  data-source={e.source}
                >
                  <td>{c.kind}</td>
                  <td>{e.path}</td>
                  <td>{show(e.value)}</td>
                  <td>
                    <Badge text={e.version === null ? 'built-in default' : e.source} color={SOURCE_COLOR[e.source]} />
                  </td>
                  <td>
                    {e.version === null ? (
                      '—'
                    ) : (
                      <TextLink href={configUrl({ kind: c.kind, scope: e.scope })} inline={false}>
                        {`${e.scope} v${e.version}`}
                      </TextLink>
                    )}
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
});
