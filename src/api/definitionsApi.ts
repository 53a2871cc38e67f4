import type {
  BundleEnvironmentState,
  BundleRecord,
  Environment,
  ImpactAnalysis,
  Promotion,
  TenantDefinitionOverrides,
  ValidationResult,
} from '../contract';
import { definitionEndpoints } from '../contract/definitionEndpoints';
import { clientOf, type BodyOf } from './client';

export type BundleSummary = Omit<BundleRecord, 'bundle'>;

const callApi = clientOf(definitionEndpoints);

/**
 * The definitions calls the Definitions page makes. Scenes depend on this interface so tests can
 * hand them a fake; the implementation forwards to `callApi`.
 */
export interface DefinitionsApi {
  listBundles(): Promise<{ items: BundleSummary[] }>;
  getBundle(name: string, version: string): Promise<BundleRecord>;
  validate(bundle: string, environment?: Environment): Promise<ValidationResult>;
  upload(body: BodyOf<'uploadBundle'>, idempotencyKey: string): Promise<BundleRecord>;
  impact(name: string, version: string, environment: Environment): Promise<ImpactAnalysis>;
  environments(): Promise<{ items: BundleEnvironmentState[] }>;
  promotions(): Promise<{ items: Promotion[] }>;
  promote(body: BodyOf<'requestPromotion'>, idempotencyKey: string): Promise<Promotion>;
  approve(id: string, reason: string, idempotencyKey: string): Promise<Promotion>;
  revert(body: BodyOf<'revertBundle'>, idempotencyKey: string): Promise<Promotion>;
  /** A tenant's overrides of the bundles running in its environment. */
  tenantOverrides(tenantId: string): Promise<TenantDefinitionOverrides>;
  /** Replaces the tenant's overrides of one bundle (refused unless the bundle's policy allows them). */
  setTenantOverride(
    tenantId: string,
    body: BodyOf<'setTenantDefinitionOverride'>,
    idempotencyKey: string
  ): Promise<TenantDefinitionOverrides>;
}

export const definitionsApi: DefinitionsApi = {
  listBundles: () => callApi('listBundles', {}),
  getBundle: (name, version) => callApi('getBundle', { params: { name, version } }),
  validate: (bundle, environment) => callApi('validateBundle', { body: { bundle, environment } }),
  upload: (body, idempotencyKey) => callApi('uploadBundle', { body, idempotencyKey }),
  impact: (name, version, environment) =>
    callApi('getBundleImpact', { params: { name, version }, query: { environment } }),
  environments: () => callApi('listBundleEnvironments', {}),
  promotions: () => callApi('listPromotions', { query: { limit: 50 } }),
  promote: (body, idempotencyKey) => callApi('requestPromotion', { body, idempotencyKey }),
  approve: (id, reason, idempotencyKey) =>
    callApi('approvePromotion', { params: { id }, body: { reason }, idempotencyKey }),
  revert: (body, idempotencyKey) => callApi('revertBundle', { body, idempotencyKey }),
  tenantOverrides: (id) => callApi('getTenantDefinitionOverrides', { params: { id } }),
  setTenantOverride: (id, body, idempotencyKey) =>
    callApi('setTenantDefinitionOverride', { params: { id }, body, idempotencyKey }),
};
