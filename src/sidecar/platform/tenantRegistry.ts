/**
 * The platform's tenant registry (`GET <platform>/v1/tenants`): every tenant the platform runs, with
 * its identity (environment, plan, organization and application ids) and where each service kind
 * is placed. The inventory sync reads it; nothing here writes. Pages are followed up to a hard cap so
 * a misbehaving registry cannot make the sidecar loop. Calls go through the one outbound client
 * (allowlist, timeout, request id, no redirects); failures are `PlatformCallError('tenant-registry', …)`.
 * Entries that do not parse (an id outside our alphabet, an unknown environment) are returned apart
 * with the reason, never silently dropped.
 */
import { z } from 'zod';
import {
  EnvironmentSchema,
  PlanSchema,
  SERVICE_KINDS,
  SHARD_ID_PATTERN,
  TENANT_ID_PATTERN,
  type Environment,
  type Plan,
  type ServiceKind,
} from '../../contract';
import { DependencyError } from '../kernel/errors';
import { outboundJson, urlFor } from './http';
import { PlatformCallError } from './platformCallError';

const PAGE_SIZE = 500;
/** 500 pages of 500: far above any fleet this control plane is sized for. */
const MAX_PAGES = 500;

const WireTenantSchema = z.object({
  tenantId: z.string().regex(TENANT_ID_PATTERN, 'tenant id outside [a-z0-9-]'),
  displayName: z.string().trim().min(1).max(120),
  environment: EnvironmentSchema,
  plan: PlanSchema,
  organizationId: z.uuid(),
  applicationId: z.uuid(),
  placement: z.partialRecord(z.enum(SERVICE_KINDS), z.string().regex(SHARD_ID_PATTERN)).default({}),
});
const WirePageSchema = z.object({
  items: z.array(z.unknown()),
  nextCursor: z.string().max(200).nullable().default(null),
});

export interface RegistryTenant {
  id: string;
  displayName: string;
  environment: Environment;
  plan: Plan;
  organizationId: string;
  applicationId: string;
  placement: Partial<Record<ServiceKind, string>>;
}

export interface RegistryRead {
  tenants: RegistryTenant[];
  /** Entries the registry returned that are not valid tenants, with why. */
  rejected: Array<{ tenantId: string | null; reason: string }>;
}

export interface TenantRegistryOptions {
  baseUrl: string | null;
  allowedHosts: readonly string[];
  timeoutMs: number;
}

export class TenantRegistryClient {
  constructor(private readonly opts: TenantRegistryOptions) {}

  get configured(): boolean {
    return this.opts.baseUrl !== null;
  }

  async list(signal?: AbortSignal): Promise<RegistryRead> {
    const out: RegistryRead = { tenants: [], rejected: [] };
    let cursor: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const body = WirePageSchema.safeParse(await this.page(cursor, signal));
      if (!body.success)
        throw new PlatformCallError(
          'tenant-registry',
          'http',
          'the platform tenant registry answered an unknown format'
        );
      for (const raw of body.data.items) {
        const t = WireTenantSchema.safeParse(raw);
        if (t.success) out.tenants.push({ id: t.data.tenantId, ...omitId(t.data) });
        else out.rejected.push({ tenantId: idOf(raw), reason: t.error.issues.map(describeIssue).join('; ') });
      }
      if (!body.data.nextCursor) return out;
      if (body.data.nextCursor === cursor)
        throw new PlatformCallError('tenant-registry', 'http', 'the platform tenant registry repeated a page cursor');
      cursor = body.data.nextCursor;
    }
    throw new PlatformCallError(
      'tenant-registry',
      'http',
      `the platform tenant registry has more than ${MAX_PAGES} pages`
    );
  }

  private async page(cursor: string | null, signal?: AbortSignal): Promise<unknown> {
    if (!this.opts.baseUrl)
      throw new PlatformCallError('tenant-registry', 'refused', 'the platform API is not configured');
    const url = urlFor(this.opts.baseUrl, ['v1', 'tenants']);
    url.searchParams.set('limit', String(PAGE_SIZE));
    if (cursor) url.searchParams.set('cursor', cursor);
    try {
      return await outboundJson(
        {
          dependency: 'the platform tenant registry',
          allowedHosts: this.opts.allowedHosts,
          timeoutMs: this.opts.timeoutMs,
        },
        { method: 'GET', url, signal },
        'GET /v1/tenants'
      );
    } catch (err) {
      if (err instanceof DependencyError)
        throw new PlatformCallError('tenant-registry', err.kind, err.message, err.status);
      throw err;
    }
  }
}

function omitId(t: z.infer<typeof WireTenantSchema>): Omit<RegistryTenant, 'id'> {
  const { tenantId: _id, ...rest } = t;
  return rest;
}

function idOf(raw: unknown): string | null {
  const id = (raw as { tenantId?: unknown } | null)?.tenantId;
  return typeof id === 'string' ? id.slice(0, 100) : null;
}

function describeIssue(i: z.core.$ZodIssue): string {
  return `${i.path.join('.') || 'entry'}: ${i.message}`;
}
