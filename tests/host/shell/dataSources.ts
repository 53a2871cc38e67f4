/**
 * DataSourceSrv over `config.datasources` (boot data). Prometheus-type data sources get a
 * DataSourceWithBackend (queries go to the host's `/api/ds/query`, as Grafana's do); plugin data
 * sources (the app's nested one) are loaded from their `module.js` through SystemJS like Grafana does.
 */
import type { DataQuery, DataSourceApi, DataSourceInstanceSettings, DataSourceRef, ScopedVars } from '@grafana/data';
import { config, DataSourceWithBackend, getTemplateSrv, type DataSourceSrv } from '@grafana/runtime';

interface PromQuery extends DataQuery {
  expr?: string;
}

class HostPrometheusDataSource extends DataSourceWithBackend<PromQuery> {
  override applyTemplateVariables(query: PromQuery, scopedVars: ScopedVars): PromQuery {
    return { ...query, expr: getTemplateSrv().replace(query.expr ?? '', scopedVars) };
  }
  override filterQuery(query: PromQuery): boolean {
    return !query.hide && !!query.expr;
  }
  override async testDatasource() {
    return { status: 'success', message: 'ok' };
  }
}

declare const System: { import: (id: string) => Promise<Record<string, unknown>> };

export function createDataSourceSrv(): DataSourceSrv {
  const instances = new Map<string, Promise<DataSourceApi>>();
  const runtime = new Map<string, DataSourceApi>();

  const all = (): DataSourceInstanceSettings[] =>
    Object.values(config.datasources ?? {}) as DataSourceInstanceSettings[];

  const getInstanceSettings = (
    ref?: string | DataSourceRef | null,
    scopedVars?: ScopedVars
  ): DataSourceInstanceSettings | undefined => {
    let key = typeof ref === 'string' ? ref : ref?.uid;
    if (key && key.startsWith('$')) key = getTemplateSrv().replace(key, scopedVars);
    if (!key || key === 'default') return all().find((d) => d.isDefault) ?? all()[0];
    return all().find((d) => d.uid === key || d.name === key);
  };

  async function load(s: DataSourceInstanceSettings): Promise<DataSourceApi> {
    if (s.meta.module.startsWith('core:plugin/prometheus')) {
      return new HostPrometheusDataSource(s);
    }
    if (s.meta.module.startsWith('core:')) {
      throw new Error(`The test host does not provide the core data source ${s.type}`);
    }
    const mod = await System.import(`/${s.meta.module}`);
    const plugin = mod.plugin as {
      DataSourceClass: new (s: DataSourceInstanceSettings) => DataSourceApi;
      components?: unknown;
      meta?: unknown;
    };
    plugin.meta = s.meta;
    const ds = new plugin.DataSourceClass(s);
    (ds as unknown as { components: unknown }).components = plugin.components;
    return ds;
  }

  return {
    get(ref?: string | DataSourceRef | null, scopedVars?: ScopedVars) {
      const s = getInstanceSettings(ref, scopedVars);
      if (!s) {
        const uid = typeof ref === 'string' ? ref : ref?.uid;
        const rt = uid ? runtime.get(uid) : undefined;
        return rt ? Promise.resolve(rt) : Promise.reject(new Error(`Datasource ${JSON.stringify(ref)} was not found`));
      }
      if (!instances.has(s.uid)) instances.set(s.uid, load(s));
      return instances.get(s.uid)!;
    },
    getList(filters: { type?: string | string[]; pluginId?: string; metrics?: boolean } = {}) {
      const types = filters.type ? ([] as string[]).concat(filters.type) : undefined;
      return all().filter(
        (d) => (!types || types.includes(d.type)) && (!filters.pluginId || d.type === filters.pluginId)
      );
    },
    getInstanceSettings,
    reload: async () => undefined,
    registerRuntimeDataSource: ({ dataSource }: { dataSource: DataSourceApi }) => {
      runtime.set(dataSource.uid, dataSource);
    },
  } as unknown as DataSourceSrv;
}
