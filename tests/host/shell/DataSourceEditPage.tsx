/**
 * A stand-in for Grafana's data source settings page (`/connections/datasources/edit/<uid>`): the
 * settings from `/api/datasources/uid/<uid>` (secrets only as `secureJsonFields`), the plugin's own
 * ConfigEditor from its module.js, and "Save & test": PUT the settings (not for a provisioned,
 * read-only data source: "Test" only, as Grafana), then the data source's `testDatasource()`, whose
 * message is shown in a success or error alert.
 */
import React, { useEffect, useState } from 'react';
import type {
  DataSourceApi,
  DataSourceInstanceSettings,
  DataSourcePluginMeta,
  DataSourceSettings,
} from '@grafana/data';
import { config, getBackendSrv } from '@grafana/runtime';
import { Alert, Button, ErrorBoundaryAlert } from '@grafana/ui';
import { useParams } from 'react-router';

declare const System: { import: (id: string) => Promise<Record<string, unknown>> };

interface LoadedPlugin {
  DataSourceClass: new (s: DataSourceInstanceSettings) => DataSourceApi;
  components: {
    ConfigEditor?: React.ComponentType<{
      options: DataSourceSettings;
      onOptionsChange: (o: DataSourceSettings) => void;
    }>;
  };
}

type TestResult = { ok: boolean; message: string };

function metaFor(type: string): DataSourcePluginMeta | undefined {
  const settings = Object.values(config.datasources ?? {}) as DataSourceInstanceSettings[];
  return settings.find((d) => d.type === type)?.meta;
}

export function DataSourceEditPage() {
  const { uid } = useParams();
  const [options, setOptions] = useState<DataSourceSettings>();
  const [plugin, setPlugin] = useState<LoadedPlugin>();
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<TestResult>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    (async () => {
      const dto = (await getBackendSrv().get(`/api/datasources/uid/${uid}`)) as DataSourceSettings;
      const meta = metaFor(dto.type);
      if (!meta || meta.module.startsWith('core:'))
        throw new Error(`The test host has no settings page for ${dto.type}`);
      const mod = await System.import(`/${meta.module}`);
      setPlugin(mod.plugin as LoadedPlugin);
      setOptions(dto);
    })().catch((e) => setError(String((e as Error)?.message ?? e)));
  }, [uid]);

  if (error) return <Alert title="Error loading data source">{error}</Alert>;
  if (!options || !plugin) return <div>Loading…</div>;
  const Editor = plugin.components.ConfigEditor;
  const meta = metaFor(options.type)!;

  const saveAndTest = async () => {
    setBusy(true);
    setResult(undefined);
    try {
      let saved = options;
      if (!options.readOnly) {
        const res = (await getBackendSrv().put(`/api/datasources/uid/${options.uid}`, options)) as {
          datasource: DataSourceSettings;
        };
        saved = res.datasource;
        setOptions(saved);
      }
      const ds = new plugin.DataSourceClass({ ...(saved as unknown as DataSourceInstanceSettings), meta });
      const r = (await ds.testDatasource()) as { status?: string; message?: string };
      setResult({ ok: r.status === 'success', message: r.message ?? '' });
    } catch (e) {
      const err = e as { message?: string; data?: { message?: string } };
      setResult({ ok: false, message: err.data?.message ?? err.message ?? String(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-host="datasource-settings" style={{ padding: 24, maxWidth: 900 }}>
      <h1>{options.name}</h1>
      {options.readOnly && (
        <Alert severity="info" title="Provisioned data source">
          This data source was added by config and cannot be modified using the UI. Please contact your server admin to
          update this data source.
        </Alert>
      )}
      <ErrorBoundaryAlert style="page">
        {Editor ? (
          <Editor options={options} onOptionsChange={setOptions} />
        ) : (
          <div>This plugin has no config editor.</div>
        )}
      </ErrorBoundaryAlert>
      {result && (
        <div data-testid={result.ok ? 'data-testid Alert success' : 'data-testid Alert error'}>
          <Alert severity={result.ok ? 'success' : 'error'} title={result.ok ? 'Success' : 'Error'}>
            {result.message}
          </Alert>
        </div>
      )}
      <Button
        data-testid="data-testid Data source settings page Save and Test button"
        disabled={busy}
        onClick={() => void saveAndTest()}
      >
        {options.readOnly ? 'Test' : 'Save & test'}
      </Button>
    </div>
  );
}
