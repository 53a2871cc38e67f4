/**
 * Definitions endpoints: bundles (upload, validate, impact), what runs in each environment,
 * promotion dev → staging → prod and revert to the last known good bundle (each a job of the engine;
 * a promotion into prod waits for a second person's approval), and tenant overrides where a bundle's
 * policy allows them. Spread into `endpoints`.
 */
import type { z } from 'zod';
import { Actions } from './actions';
import { ValidationResultSchema } from './configDocs';
import {
  ApprovePromotionSchema,
  BundleEnvironmentListSchema,
  BundleListSchema,
  BundleParamsSchema,
  BundleRecordSchema,
  ImpactAnalysisSchema,
  ImpactQuerySchema,
  ListPromotionsQuerySchema,
  PromotionIdParamsSchema,
  PromotionListSchema,
  PromotionRequestSchema,
  PromotionSchema,
  RevertRequestSchema,
  TenantDefinitionOverrideSchema,
  TenantDefinitionOverridesSchema,
  TenantOverrideParamsSchema,
  UploadBundleSchema,
  ValidateBundleSchema,
} from './definitions';
import type { EndpointDef } from './endpoints';

function def<P extends z.ZodTypeAny, Q extends z.ZodTypeAny, B extends z.ZodTypeAny, R extends z.ZodTypeAny>(
  e: EndpointDef<P, Q, B, R>
): EndpointDef<P, Q, B, R> {
  return e;
}

export const definitionEndpoints = {
  listBundles: def({
    method: 'GET',
    path: '/api/v1/definitions/bundles',
    action: Actions.definitionsRead,
    summary: 'Uploaded definition bundles, newest first',
    response: BundleListSchema,
  }),
  uploadBundle: def({
    method: 'POST',
    path: '/api/v1/definitions/bundles',
    action: Actions.definitionsWrite,
    summary: 'Upload a definition bundle (JSON or YAML); stored only when valid',
    body: UploadBundleSchema,
    response: BundleRecordSchema,
    idempotent: true,
    successStatus: 201,
  }),
  getBundle: def({
    method: 'GET',
    path: '/api/v1/definitions/bundles/:name/:version',
    action: Actions.definitionsRead,
    summary: 'One bundle version with its validation result',
    params: BundleParamsSchema,
    response: BundleRecordSchema,
  }),
  getBundleImpact: def({
    method: 'GET',
    path: '/api/v1/definitions/bundles/:name/:version/impact',
    action: Actions.definitionsRead,
    summary: 'Impact of running this bundle in an environment: changed definitions, tenants and services',
    params: BundleParamsSchema,
    query: ImpactQuerySchema,
    response: ImpactAnalysisSchema,
  }),
  validateBundle: def({
    method: 'POST',
    path: '/api/v1/definitions/validate',
    action: Actions.definitionsRead,
    summary: 'Validate a bundle (schema and semantic checks) without storing it',
    body: ValidateBundleSchema,
    response: ValidationResultSchema,
  }),
  listBundleEnvironments: def({
    method: 'GET',
    path: '/api/v1/definitions/environments',
    action: Actions.definitionsRead,
    summary: 'Per environment and bundle: current version, last known good and history',
    response: BundleEnvironmentListSchema,
  }),
  requestPromotion: def({
    method: 'POST',
    path: '/api/v1/definitions/promotions',
    action: Actions.definitionsWrite,
    summary: 'Promote a bundle to the next environment (dev → staging → prod; prod awaits an approval)',
    body: PromotionRequestSchema,
    response: PromotionSchema,
    idempotent: true,
    successStatus: 201,
  }),
  listPromotions: def({
    method: 'GET',
    path: '/api/v1/definitions/promotions',
    action: Actions.definitionsRead,
    summary: 'Promotions and reverts, awaiting approval first, then newest first',
    query: ListPromotionsQuerySchema,
    response: PromotionListSchema,
  }),
  getPromotion: def({
    method: 'GET',
    path: '/api/v1/definitions/promotions/:id',
    action: Actions.definitionsRead,
    summary: 'One promotion with its approval and job',
    params: PromotionIdParamsSchema,
    response: PromotionSchema,
  }),
  approvePromotion: def({
    method: 'POST',
    // Its own prefix: the approval needs a different action than requesting a promotion.
    path: '/api/v1/definition-approvals/:id',
    action: Actions.definitionsPromote,
    summary: 'Approve a promotion into prod (never by its requester)',
    params: PromotionIdParamsSchema,
    body: ApprovePromotionSchema,
    response: PromotionSchema,
    idempotent: true,
  }),
  revertBundle: def({
    method: 'POST',
    path: '/api/v1/definitions/reverts',
    action: Actions.definitionsWrite,
    summary: 'Revert an environment to its last known good bundle in one action',
    body: RevertRequestSchema,
    response: PromotionSchema,
    idempotent: true,
    successStatus: 201,
  }),
  getTenantDefinitionOverrides: def({
    method: 'GET',
    path: '/api/v1/definitions/overrides/:tenantId',
    action: Actions.definitionsRead,
    summary: "A tenant's definition overrides",
    params: TenantOverrideParamsSchema,
    response: TenantDefinitionOverridesSchema,
  }),
  setTenantDefinitionOverride: def({
    method: 'PUT',
    path: '/api/v1/definitions/overrides/:tenantId',
    action: Actions.definitionsWrite,
    summary: "Set a tenant's override of a bundle (refused unless the bundle's policy allows overrides)",
    params: TenantOverrideParamsSchema,
    body: TenantDefinitionOverrideSchema,
    response: TenantDefinitionOverridesSchema,
    idempotent: true,
  }),
} as const;
