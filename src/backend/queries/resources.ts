/**
 * CallResource: pick lists for the query editor and template variables (`tenants`, `shards`,
 * `environments`, `job-types`, GET, `?search=`, `?environment=`, `?kind=`) as `[{text, value}]`, and
 * `validate` (POST a query model → `{ok, errors: [{field, message}]}`).
 */
import { EnvironmentSchema, ServiceKindSchema, validateDsQuery, type VariableTarget } from '../../contract';
import type { CallResourceRequest, CallResourceResponse } from '../plugin/types';
import { QueryError, redact } from './errors';
import type { SidecarClient } from './sidecarClient';
import { variableValues } from './variables';

const PICK_LISTS: Record<string, VariableTarget> = {
  tenants: 'tenant',
  shards: 'shard',
  environments: 'environment',
  'job-types': 'jobType',
};

const json = (code: number, body: unknown): CallResourceResponse => ({
  code,
  headers: { 'content-type': ['application/json'] },
  body: new TextEncoder().encode(JSON.stringify(body)),
});

export async function handleResource(
  req: CallResourceRequest,
  client: SidecarClient | QueryError,
  secrets: string[]
): Promise<CallResourceResponse> {
  const path = req.path.replace(/^\/+|\/+$/g, '');
  if (path === 'validate') {
    if (req.method !== 'POST') return json(405, { message: 'validate takes POST with a query model' });
    let model: unknown;
    try {
      model = JSON.parse(new TextDecoder().decode(req.body));
    } catch {
      return json(400, { message: 'validate takes a JSON query model' });
    }
    const r = validateDsQuery(model);
    return json(200, r.ok ? { ok: true, errors: [] } : { ok: false, errors: r.errors });
  }
  const target = PICK_LISTS[path];
  if (!target)
    return json(404, { message: `No resource ${path}; use ${[...Object.keys(PICK_LISTS), 'validate'].join(', ')}` });
  if (req.method !== 'GET') return json(405, { message: `${path} takes GET` });
  let url: URL;
  try {
    url = new URL(req.url || path, 'http://resource.local/');
  } catch {
    return json(400, { message: `The URL of the ${path} resource request cannot be parsed` });
  }
  try {
    if (client instanceof QueryError && (target === 'tenant' || target === 'shard')) throw client;
    const kind = ServiceKindSchema.safeParse(url.searchParams.get('kind') ?? undefined);
    const environment = (url.searchParams.get('environment') ?? '')
      .split(',')
      .map((e) => EnvironmentSchema.safeParse(e.trim()))
      .flatMap((r) => (r.success ? [r.data] : []));
    const values = await variableValues(
      {
        target,
        search: url.searchParams.get('search')?.slice(0, 100) || undefined,
        kind: kind.success ? kind.data : undefined,
        environment: environment.length ? environment : undefined,
      },
      client as SidecarClient
    );
    return json(200, values);
  } catch (err) {
    const e =
      err instanceof QueryError ? err : new QueryError('Internal error in the Switchyard data source', 500, 'plugin');
    return json(e.status, { message: redact(e.message, secrets) });
  }
}
