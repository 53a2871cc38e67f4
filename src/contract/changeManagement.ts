/**
 * Change management endpoints not served yet: versioned config (deployments and definitions have
 * their own tables in `endpoints`). Kept in their own table until the sidecar module that serves
 * them is composed; then the table merges into `endpoints` (and `npm run routes:sync` derives their
 * plugin.json routes). Paths are laid out so every derived proxy route needs exactly one action.
 */
import type { z } from 'zod';
import { Actions } from './actions';
import {
  ApplyConfigSchema,
  ConfigApplyResponseSchema,
  ConfigDiffQuerySchema,
  ConfigDiffSchema,
  ConfigDocumentListSchema,
  ConfigDocumentParamsSchema,
  ConfigPreviewSchema,
  ConfigVersionListSchema,
  ConfigVersionParamsSchema,
  ConfigVersionSchema,
  ListConfigDocumentsQuerySchema,
  PreviewConfigSchema,
  RollbackConfigSchema,
  TenantEffectiveConfigSchema,
  TenantEffectiveParamsSchema,
  WriteConfigSchema,
} from './configDocs';
import type { EndpointDef } from './endpoints';

function def<P extends z.ZodTypeAny, Q extends z.ZodTypeAny, B extends z.ZodTypeAny, R extends z.ZodTypeAny>(
  e: EndpointDef<P, Q, B, R>
): EndpointDef<P, Q, B, R> {
  return e;
}

const configEndpoints = {
  listConfigDocuments: def({
    method: 'GET',
    path: '/api/v1/config/documents',
    action: Actions.configRead,
    summary: 'Config documents by kind and scope with their latest and applied versions',
    query: ListConfigDocumentsQuerySchema,
    response: ConfigDocumentListSchema,
  }),
  listConfigVersions: def({
    method: 'GET',
    path: '/api/v1/config/documents/:kind/:scope/versions',
    action: Actions.configRead,
    summary: 'Every version of a config document, newest first (append-only)',
    params: ConfigDocumentParamsSchema,
    response: ConfigVersionListSchema,
  }),
  getConfigVersion: def({
    method: 'GET',
    path: '/api/v1/config/documents/:kind/:scope/versions/:version',
    action: Actions.configRead,
    summary: 'One immutable config version',
    params: ConfigVersionParamsSchema,
    response: ConfigVersionSchema,
  }),
  diffConfigVersions: def({
    method: 'GET',
    path: '/api/v1/config/documents/:kind/:scope/diff',
    action: Actions.configRead,
    summary: 'Diff between two versions of a config document, per key',
    params: ConfigDocumentParamsSchema,
    query: ConfigDiffQuerySchema,
    response: ConfigDiffSchema,
  }),
  writeConfig: def({
    method: 'PUT',
    path: '/api/v1/config/documents/:kind/:scope',
    action: Actions.configWrite,
    summary: 'Write a new immutable version of a config document (validated against its kind)',
    params: ConfigDocumentParamsSchema,
    body: WriteConfigSchema,
    response: ConfigVersionSchema,
    idempotent: true,
    successStatus: 201,
  }),
  applyConfig: def({
    method: 'POST',
    path: '/api/v1/config/documents/:kind/:scope/apply',
    action: Actions.configWrite,
    summary: 'Apply a config version environment by environment (a job)',
    params: ConfigDocumentParamsSchema,
    body: ApplyConfigSchema,
    response: ConfigApplyResponseSchema,
    idempotent: true,
    successStatus: 201,
  }),
  rollbackConfig: def({
    method: 'POST',
    path: '/api/v1/config/documents/:kind/:scope/rollback',
    action: Actions.configWrite,
    summary: 'Roll back: a new version equal to an older one',
    params: ConfigDocumentParamsSchema,
    body: RollbackConfigSchema,
    response: ConfigVersionSchema,
    idempotent: true,
    successStatus: 201,
  }),
  previewConfig: def({
    method: 'POST',
    path: '/api/v1/config/preview',
    action: Actions.configRead,
    summary: 'Validate a draft and show the effective config it gives affected tenants (changes nothing)',
    body: PreviewConfigSchema,
    response: ConfigPreviewSchema,
  }),
  getTenantEffectiveConfig: def({
    method: 'GET',
    path: '/api/v1/config/effective/:tenantId',
    action: Actions.configRead,
    summary: "A tenant's effective config: every key's value and where it comes from",
    params: TenantEffectiveParamsSchema,
    response: TenantEffectiveConfigSchema,
  }),
} as const;

/** The endpoint table of change management; merges into `endpoints` when its sidecar module exists. */
export const changeManagementEndpoints = {
  ...configEndpoints,
} as const;
export type ChangeManagementEndpointName = keyof typeof changeManagementEndpoints;

/** Every change-management endpoint name: each needs a sidecar handler before the tables merge. */
export const CHANGE_MANAGEMENT_ENDPOINTS = Object.keys(changeManagementEndpoints) as ChangeManagementEndpointName[];

/** Job types the change-management module runs (to join `JOB_TYPES` when the module is composed). */
export const CHANGE_MANAGEMENT_JOB_TYPES = ['config.apply'] as const;
