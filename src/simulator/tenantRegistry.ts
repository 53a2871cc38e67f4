import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { PlatformModel } from './model';

const MAX_PAGE = 500;

const QuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(100),
  /** Opaque to clients: the last tenant id of the previous page. */
  cursor: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,62}$/)
    .optional(),
});

/**
 * The platform's tenant registry, the inventory a control plane imports (the same wire format a real
 * platform serves):
 *   GET /v1/tenants?limit=<1..500>&cursor=<opaque>
 * → `{ items: [{ tenantId, displayName, environment, plan, organizationId, applicationId, placement:
 * {gateway, aggregate, projection, runner} (kinds without a shard left out) }], nextCursor }`, sorted by
 * tenant id. 400 on a bad
 * limit or cursor. The shards themselves come from the node admin API (`GET /nodes`).
 */
export function registerTenantRegistryRoutes(app: FastifyInstance, model: PlatformModel): void {
  app.get('/v1/tenants', async (req, reply) => {
    const q = QuerySchema.safeParse(req.query);
    if (!q.success)
      return reply.code(400).send({
        error: 'bad_request',
        message: q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      });
    const { limit, cursor } = q.data;
    const sorted = [...model.tenants].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const rest = cursor ? sorted.filter((t) => t.id > cursor) : sorted;
    const page = rest.slice(0, limit);
    return {
      items: page.map((t) => ({
        tenantId: t.id,
        displayName: t.displayName,
        environment: t.env,
        plan: t.plan,
        organizationId: t.organizationId,
        applicationId: t.applicationId,
        placement: Object.fromEntries(Object.entries(model.placementOf(t.id)).filter(([, shard]) => shard !== '')),
      })),
      nextCursor: rest.length > limit ? page[page.length - 1].id : null,
    };
  });
}
