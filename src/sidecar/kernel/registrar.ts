/**
 * Wires the contract's endpoint table into fastify. Route modules only provide handlers keyed by
 * endpoint name; method, path, authentication, input validation, Idempotency-Key and If-Match come
 * from the table. An endpoint without a handler, or a handler without an endpoint, stops start-up.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import {
  ErrorCode,
  IDEMPOTENCY_KEY_HEADER,
  endpoints,
  findTextViolation,
  type EndpointDef,
  type EndpointName,
  type Endpoints,
} from '../../contract';
import type { Authenticate } from './trust/authenticate';
import { singleHeader } from './trust/headers';
import type { Caller } from './trust/idToken';
import { DomainError, fromZod, validationFailed } from './errors';
import type { IdempotencyService } from './idempotency/idempotency.service';
import type { IdempotencyHandle, MutationContext } from './mutations';
import { responseJsonSchema } from './responseSchema';
import { SerializedJson } from './serializedJson';
import { ALL_TENANTS, type TenantScope } from './scope';

type Out<S> = S extends z.ZodTypeAny ? z.output<S> : undefined;
type In<S> = S extends z.ZodTypeAny ? z.input<S> : void;

export interface HandlerContext<E extends EndpointDef> {
  params: Out<NonNullable<E['params']>>;
  query: Out<NonNullable<E['query']>>;
  body: Out<NonNullable<E['body']>>;
  caller: Caller;
  /** Actor, request id and idempotency handle, ready to pass to a service mutation. */
  mutation: MutationContext;
  /** The version from `If-Match`, for endpoints flagged `ifMatch`. */
  ifMatch: number;
  request: FastifyRequest;
  reply: FastifyReply;
  /**
   * The tenants this caller may see (resolved once per request, on first use). Tenant-bound handlers
   * pass it to their store query; a tenant outside it is answered exactly like a missing one.
   */
  scope: () => Promise<TenantScope>;
}

/**
 * A handler returns the response body (a value, or the same value already written as JSON text);
 * endpoints with `response: null` write to `reply` themselves.
 */
export type Handler<E extends EndpointDef> = (
  ctx: HandlerContext<E>
) => Promise<In<NonNullable<E['response']>> | SerializedJson<In<NonNullable<E['response']>>> | FastifyReply>;
export type RouteHandlers = { [K in EndpointName]?: Handler<Endpoints[K]> };

/** A request the trust boundary refused, as the security log records it (no headers, no secrets). */
export interface Refusal {
  status: 401 | 403;
  message: string;
  method: string;
  route: string;
  action: string | null;
  login: string | null;
  requestId: string;
}

export interface RegistrarDeps {
  authenticate: Authenticate;
  idempotency: IdempotencyService;
  validateResponses: boolean;
  /** Told about every 401/403 the trust boundary answers; must return at once and never throw. */
  onRefused?: (refusal: Refusal) => void;
  /** Decides a caller's tenant scope (entitlements); everything is in scope without it. */
  resolveScope?: (caller: Caller) => Promise<TenantScope>;
}

const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{8,200}$/;
const IF_MATCH_PATTERN = /^(?:W\/)?"(\d{1,15})"$/;

function parse<S extends z.ZodTypeAny | undefined>(schema: S, value: unknown, where: string): Out<S> {
  if (!schema) return undefined as Out<S>;
  const r = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (!r.success) throw fromZod(r.error, where);
  return r.data as Out<S>;
}

export function mergeHandlers(...modules: RouteHandlers[]): RouteHandlers {
  const merged: Record<string, unknown> = {};
  for (const m of modules) {
    for (const [name, h] of Object.entries(m)) {
      if (merged[name]) throw new Error(`endpoint ${name} has two handlers`);
      merged[name] = h;
    }
  }
  return merged as RouteHandlers;
}

export function registerEndpoints(app: FastifyInstance, handlers: RouteHandlers, deps: RegistrarDeps): void {
  const table = endpoints as Record<string, EndpointDef>;
  const missing = Object.keys(table).filter((n) => !(n in handlers));
  const unknown = Object.keys(handlers).filter((n) => !(n in table));
  if (missing.length || unknown.length) {
    throw new Error(
      `route handlers do not match the endpoint table: ${[
        missing.length ? `no handler for ${missing.join(', ')}` : '',
        unknown.length ? `no endpoint for ${unknown.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; ')}`
    );
  }
  for (const [name, def] of Object.entries(table)) {
    const handler = handlers[name as EndpointName] as unknown as Handler<EndpointDef>;
    app.route({
      method: def.method,
      url: def.path,
      // Reads are serialized by fastify's compiled serializer from the contract's response schema.
      ...(def.method === 'GET' && def.response
        ? { schema: { response: { [def.successStatus ?? 200]: responseJsonSchema(def.response) } } }
        : {}),
      // Authenticate before the body is even parsed: nothing reaches a handler unauthenticated.
      onRequest: async (request) => {
        try {
          request.caller = await deps.authenticate(request, def.action);
        } catch (err) {
          if (err instanceof DomainError && (err.status === 401 || err.status === 403)) {
            deps.onRefused?.({
              status: err.status,
              message: err.message,
              method: def.method,
              route: def.path,
              action: def.action,
              login: null,
              requestId: request.id,
            });
          }
          throw err;
        }
      },
      handler: (request, reply) => handle(name, def, handler, deps, request, reply),
    });
  }
}

/**
 * The contract's text rule, before any schema or fingerprint sees the input: well-formed Unicode,
 * no NUL/control/bidi-override characters, bounded nesting — refused with a 400 naming the field.
 */
function refuseHostileText(request: FastifyRequest): void {
  for (const [where, value] of [
    ['params', request.params],
    ['query', request.query],
    ['body', request.body],
  ] as const) {
    const violation = findTextViolation(value, where);
    if (violation) throw validationFailed(violation.path, violation.message);
  }
}

async function handle(
  name: string,
  def: EndpointDef,
  handler: Handler<EndpointDef>,
  deps: RegistrarDeps,
  request: FastifyRequest,
  reply: FastifyReply
): Promise<unknown> {
  const caller = request.caller;
  if (!caller) throw new DomainError(ErrorCode.unauthenticated, 'Authentication required');
  refuseHostileText(request);
  let idempotencyKey: string | null = null;
  if (def.idempotent) {
    idempotencyKey = singleHeader(request.raw.rawHeaders, IDEMPOTENCY_KEY_HEADER);
    if (idempotencyKey === null)
      throw new DomainError(ErrorCode.idempotencyKeyMissing, 'This request needs an Idempotency-Key header', {
        field: 'Idempotency-Key',
      });
    if (!IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey))
      throw validationFailed('Idempotency-Key', 'Idempotency-Key must be 8–200 visible ASCII characters');
  }
  let ifMatch = 0;
  if (def.ifMatch) {
    const header = request.headers['if-match'];
    if (header === undefined)
      throw new DomainError(ErrorCode.preconditionRequired, 'Send If-Match: "<version>" to change this resource', {
        field: 'If-Match',
      });
    const m = IF_MATCH_PATTERN.exec(String(header).trim());
    if (!m) throw validationFailed('If-Match', 'If-Match must be a quoted version, e.g. "3"');
    ifMatch = Number(m[1]);
  }
  const params = parse(def.params, request.params, 'params');
  const query = parse(def.query, request.query, 'query');
  const body = parse(def.body, request.body, 'body');
  const mutation: MutationContext = {
    actor: { login: caller.login, orgId: caller.orgId, role: caller.role },
    requestId: request.id,
  };
  const successStatus = def.successStatus ?? 200;

  let tracked: Awaited<ReturnType<IdempotencyService['begin']>> | null = null;
  if (idempotencyKey !== null) {
    tracked = await deps.idempotency.begin(
      {
        scope: JSON.stringify([caller.orgId, caller.sub, name]),
        key: idempotencyKey,
        request: { params: request.params ?? null, query: request.query ?? null, body: request.body ?? null },
      },
      successStatus
    );
    if (tracked.kind === 'replay') {
      const replayedVersion = (tracked.body as { version?: unknown } | null)?.version;
      if (typeof replayedVersion === 'number') reply.header('etag', `"${replayedVersion}"`);
      return reply.code(tracked.status).header('idempotent-replayed', 'true').send(tracked.body);
    }
    mutation.idempotency = tracked.handle as IdempotencyHandle;
  }

  let scoped: Promise<TenantScope> | null = null;
  const scope = () => {
    scoped ??= deps.resolveScope ? deps.resolveScope(caller) : Promise.resolve(ALL_TENANTS);
    return scoped;
  };
  let result: unknown;
  try {
    result = await handler({
      params,
      query,
      body,
      caller,
      mutation,
      ifMatch,
      request,
      reply,
      scope,
    } as HandlerContext<EndpointDef>);
  } catch (err) {
    if (tracked?.kind === 'run') await tracked.handle.release();
    throw err;
  }
  if (result instanceof SerializedJson) return sendSerialized(name, def, deps, reply, successStatus, tracked, result);
  if (tracked?.kind === 'run' && !tracked.handle.completed) await tracked.handle.complete(result);
  if (reply.sent || result === reply) return reply;
  if (deps.validateResponses && def.response) {
    const r = def.response.safeParse(result);
    if (!r.success) throw new Error(`response of ${name} does not match the contract: ${r.error.message}`);
  }
  const version = (result as { version?: unknown } | null)?.version;
  if (typeof version === 'number') reply.header('etag', `"${version}"`);
  return reply.code(successStatus).send(result);
}

/** A body the handler wrote as JSON text: checked like any other response, then sent byte for byte. */
async function sendSerialized(
  name: string,
  def: EndpointDef,
  deps: RegistrarDeps,
  reply: FastifyReply,
  successStatus: number,
  tracked: Awaited<ReturnType<IdempotencyService['begin']>> | null,
  result: SerializedJson
): Promise<FastifyReply> {
  if ((deps.validateResponses && def.response) || tracked?.kind === 'run') {
    const value: unknown = JSON.parse(result.text);
    if (tracked?.kind === 'run' && !tracked.handle.completed) await tracked.handle.complete(value);
    if (deps.validateResponses && def.response) {
      const r = def.response.safeParse(value);
      if (!r.success) throw new Error(`response of ${name} does not match the contract: ${r.error.message}`);
    }
  }
  // Sent as a string, not a Buffer: a page-sized Buffer per request is external memory, and at a
  // steady request rate it trips V8's external-memory pressure limit, which starts full collections.
  return reply.code(successStatus).type('application/json; charset=utf-8').send(result.text);
}

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
  }
}
