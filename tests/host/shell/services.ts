/**
 * Wires the @grafana/runtime services Grafana core provides (TEST-HOST-NOTES.md "What the host must
 * provide"). `setLocationService` is deliberately not called.
 */
import {
  EventBusSrv,
  LoadingState,
  toDataFrame,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceApi,
  type PanelData,
  type ScopedVars,
} from '@grafana/data';
import * as runtime from '@grafana/runtime';
import { sceneGraph } from 'host:scenes-graph';
import { setPluginPage } from 'host:plugin-page-module';
import { from, isObservable, of, type Observable } from 'rxjs';
import { catchError, map, startWith } from 'rxjs/operators';
import { createBackendSrv } from './backendSrv';
import { createDataSourceSrv } from './dataSources';
import { pluginImportUtils } from './panels';
import { HostPluginPage } from './PluginPage';
import { initRegistries } from './registries';

type SceneRef = { value?: { valueOf: () => unknown } };

/** Grafana core's TemplateSrv hands scene-scoped interpolation to Scenes (`.value.valueOf()`). */
const templateSrv = {
  getVariables: () => [],
  replace(target?: string, scopedVars?: ScopedVars, format?: string | Function): string {
    const so = (scopedVars?.__sceneObject as SceneRef | undefined)?.value?.valueOf();
    if (so && target) {
      return sceneGraph.interpolate(
        so as Parameters<typeof sceneGraph.interpolate>[0],
        target,
        scopedVars,
        format as never
      );
    }
    return target ?? '';
  },
  containsTemplate: (t?: string) => !!t && /\$/.test(t),
  updateTimeRange: () => undefined,
};

/** Grafana core's runRequest, reduced: ds.query() as Promise or Observable → PanelData. */
function runRequest(ds: DataSourceApi, request: DataQueryRequest): Observable<PanelData> {
  const base: PanelData = { state: LoadingState.Loading, series: [], timeRange: request.range, request };
  let result: Observable<DataQueryResponse>;
  try {
    const r = ds.query(request) as Observable<DataQueryResponse> | Promise<DataQueryResponse>;
    result = isObservable(r) ? r : from(r);
  } catch (e) {
    result = of({ data: [], error: runtime.toDataQueryError(e as Error) });
  }
  return result.pipe(
    map((res): PanelData => {
      const errors = res.errors ?? (res.error ? [res.error] : undefined);
      return {
        ...base,
        state: errors?.length ? LoadingState.Error : (res.state ?? LoadingState.Done),
        series: (res.data ?? []).map((d: unknown) => toDataFrame(d)),
        errors,
        error: errors?.[0],
      };
    }),
    catchError((e) => {
      const error = runtime.toDataQueryError(e);
      return of<PanelData>({ ...base, state: LoadingState.Error, error, errors: [error] });
    }),
    startWith(base)
  );
}

/** Grafana core's interceptLinkClicks: same-origin links navigate without a page reload. */
function interceptLinkClicks(): void {
  document.addEventListener('click', (ev) => {
    if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey) return;
    const a = (ev.target as HTMLElement | null)?.closest?.('a');
    const href = a?.getAttribute('href');
    if (!a || !href || a.target === '_blank' || a.hasAttribute('download')) return;
    const url = new URL(href, window.location.origin + '/');
    if (url.origin !== window.location.origin || url.pathname.startsWith('/api/')) return;
    ev.preventDefault();
    runtime.locationService.push(url.pathname + url.search + url.hash);
  });
}

export function setUpServices(): void {
  runtime.setBackendSrv(createBackendSrv());
  runtime.setDataSourceSrv(createDataSourceSrv());
  runtime.setTemplateSrv(templateSrv as unknown as runtime.TemplateSrv);
  runtime.setRunRequest(runRequest as never);
  runtime.setPluginImportUtils(pluginImportUtils as never);
  runtime.setAppEvents(new EventBusSrv());
  setPluginPage(HostPluginPage as never);
  initRegistries();
  // Grafana core's contextSrv user: hasPermission() reads its `permissions` map.
  (runtime as unknown as { setCurrentUser?: (u: unknown) => void }).setCurrentUser?.(runtime.config.bootData.user);
  const rt = runtime as unknown as Record<string, ((hook: unknown) => void) | undefined>;
  rt.setPluginLinksHook?.(() => ({ links: [], isLoading: false }));
  rt.setPluginComponentsHook?.(() => ({ components: [], isLoading: false }));
  rt.setPluginComponentHook?.(() => ({ component: null, isLoading: false }));
  rt.setPluginFunctionsHook?.(() => ({ functions: [], isLoading: false }));
  rt.setReturnToPreviousHook?.(() => () => undefined);
  rt.setChromeHeaderHeightHook?.(() => 0);
  interceptLinkClicks();
}
