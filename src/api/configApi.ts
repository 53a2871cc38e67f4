import type { ConfigDiff, ConfigKind, ConfigLevel, ConfigPreview, ConfigVersion, Environment } from '../contract';
import { configEndpoints } from '../contract/configEndpoints';
import { clientOf, type ResponseOf } from './client';

export type ConfigDocumentList = ResponseOf<'listConfigDocuments'>;
export type TenantEffectiveConfig = ResponseOf<'getTenantEffectiveConfig'>;

const callApi = clientOf(configEndpoints);

/**
 * The versioned-config calls the Config page and the tenant Config tab make. Scenes depend on this
 * interface so tests can hand them a fake; the implementation forwards to `callApi`.
 */
export interface ConfigApi {
  listDocuments(query: { kind?: ConfigKind; level?: ConfigLevel }): Promise<ConfigDocumentList>;
  listVersions(kind: ConfigKind, scope: string): Promise<{ items: ConfigVersion[] }>;
  diff(kind: ConfigKind, scope: string, from: number, to: number): Promise<ConfigDiff>;
  preview(body: { kind: ConfigKind; scope: string; value: Record<string, unknown> }): Promise<ConfigPreview>;
  write(
    kind: ConfigKind,
    scope: string,
    body: { value: Record<string, unknown>; reason: string; baseVersion: number | null },
    idempotencyKey: string
  ): Promise<ConfigVersion>;
  apply(
    kind: ConfigKind,
    scope: string,
    body: { version: number; environments: Environment[]; reason: string },
    idempotencyKey: string
  ): Promise<{ jobId: string; version: number }>;
  rollback(
    kind: ConfigKind,
    scope: string,
    body: { toVersion: number; reason: string },
    idempotencyKey: string
  ): Promise<ConfigVersion>;
  effective(tenantId: string): Promise<TenantEffectiveConfig>;
}

export const configApi: ConfigApi = {
  listDocuments: (query) => callApi('listConfigDocuments', { query }),
  listVersions: (kind, scope) => callApi('listConfigVersions', { params: { kind, scope } }),
  diff: (kind, scope, from, to) => callApi('diffConfigVersions', { params: { kind, scope }, query: { from, to } }),
  preview: (body) => callApi('previewConfig', { body: { ...body, sampleSize: 20 } }),
  write: (kind, scope, body, idempotencyKey) =>
    callApi('writeConfig', { params: { kind, scope }, body, idempotencyKey }),
  apply: (kind, scope, body, idempotencyKey) =>
    callApi('applyConfig', { params: { kind, scope }, body, idempotencyKey }),
  rollback: (kind, scope, body, idempotencyKey) =>
    callApi('rollbackConfig', { params: { kind, scope }, body, idempotencyKey }),
  effective: (tenantId) => callApi('getTenantEffectiveConfig', { params: { id: tenantId } }),
};
