import {
  CustomVariableSupport,
  FieldType,
  createDataFrame,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
  type ScopedVars,
} from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';
import { from, map, type Observable } from 'rxjs';
import type { DsQueryFieldError } from '../contract';
import { VariableQueryEditor } from './components/VariableQueryEditor';
import { interpolateModel } from './templating';
import {
  DEFAULT_QUERY,
  PICK_LIST_RESOURCES,
  type SwitchyardOptions,
  type SwitchyardQuery,
  type VariableQuery,
} from './types';

export interface PickValue {
  text: string;
  value: string;
}

export class SwitchyardDataSource extends DataSourceWithBackend<SwitchyardQuery, SwitchyardOptions> {
  constructor(settings: DataSourceInstanceSettings<SwitchyardOptions>) {
    super(settings);
    this.variables = new SwitchyardVariableSupport(this);
    // Jobs as annotations on any dashboard: the annotation editor is the query editor, preset to jobs.
    this.annotations = { getDefaultQuery: () => ({ queryType: 'jobAnnotations' }) };
  }

  override getDefaultQuery(): Partial<SwitchyardQuery> {
    return DEFAULT_QUERY;
  }

  override filterQuery(query: SwitchyardQuery): boolean {
    return !query.hide && typeof query.queryType === 'string';
  }

  override applyTemplateVariables(query: SwitchyardQuery, scopedVars: ScopedVars): SwitchyardQuery {
    const srv = getTemplateSrv();
    return interpolateModel(query, scopedVars, (text, vars, format) => srv.replace(text, vars, format));
  }

  /** A pick list from the backend (tenants, shards, environments, job types). */
  pickList(target: keyof typeof PICK_LIST_RESOURCES, params: Record<string, string> = {}): Promise<PickValue[]> {
    return this.getResource<PickValue[]>(PICK_LIST_RESOURCES[target], params);
  }

  /** Field-level validation by the backend (the same contract the editor checks inline). */
  validate(query: SwitchyardQuery): Promise<{ ok: boolean; errors: DsQueryFieldError[] }> {
    return this.postResource('validate', query);
  }
}

export class SwitchyardVariableSupport extends CustomVariableSupport<SwitchyardDataSource, VariableQuery> {
  editor = VariableQueryEditor;

  constructor(private readonly datasource: SwitchyardDataSource) {
    super();
  }

  query(request: DataQueryRequest<VariableQuery>): Observable<DataQueryResponse> {
    const raw = request.targets[0] ?? { refId: 'variable', target: 'tenant' };
    const srv = getTemplateSrv();
    const q = interpolateModel<VariableQuery>(raw, request.scopedVars, (text, vars, format) =>
      srv.replace(text, vars, format)
    );
    const params: Record<string, string> = {};
    if (q.search) params.search = q.search;
    if (q.kind) params.kind = q.kind;
    if (q.environment?.length) params.environment = q.environment.join(',');
    return from(this.datasource.pickList(q.target ?? 'tenant', params)).pipe(
      map((values) => ({
        data: [
          createDataFrame({
            refId: raw.refId,
            fields: [
              { name: 'text', type: FieldType.string, values: values.map((v) => v.text) },
              { name: 'value', type: FieldType.string, values: values.map((v) => v.value) },
            ],
          }),
        ],
      }))
    );
  }
}
