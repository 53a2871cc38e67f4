/**
 * Client for the platform's runtime isolation API: `GET <platform>/v1/runtime/isolation/<tenant id>`.
 *
 * - Only the configured base URL is ever called, and only if its host is on the outbound allowlist
 *   (checked again here, not just at config time); the tenant id is validated and URI-encoded, and
 *   redirects are never followed, so nothing a user sends can steer the request elsewhere (no SSRF).
 * - Every call has a timeout and goes through a bounded-concurrency gate shared by all callers.
 * - Responses are parsed with a schema that keeps only known fields. The managed credential
 *   reference is reduced to `credentialConfigured: boolean` inside the parse: the reference itself
 *   never leaves this module, and neither does any part of an error body.
 */
import { z } from 'zod';
import { TENANT_ID_PATTERN, type ProbeError } from '../../contract';
import { hostAllowed } from '../kernel/outboundHosts';
import { DependencyError } from '../kernel/errors';
import { outboundFetch, type OutboundOptions } from './http';

const MAX_BODY_BYTES = 256 * 1024;

const str = z.string().max(512);
const count = z.number().int().min(0);

const RawReportSchema = z.object({
  tenantId: str,
  organizationId: str.nullish(),
  applicationId: str.nullish(),
  tenantSchema: str.nullish(),
  connection: z.object({ kind: str, host: str.nullish() }).nullish(),
  databaseScope: str.nullish(),
  dataPlaneMode: str.nullish(),
  appDatabase: z.object({ name: str.nullish(), host: str.nullish() }).nullish(),
  runtimeAuthMode: str.nullish(),
  rbacMode: str.nullish(),
  deployment: z.object({ target: str.nullish(), stage: str.nullish() }).nullish(),
  catalog: z.object({ current: str.nullish(), expected: str.nullish() }).nullish(),
  schema: z.object({ current: str.nullish(), expected: str.nullish() }).nullish(),
  managedCredentialRef: z.string().nullish(),
  privilegeProbe: z
    .object({
      checkedAt: str.nullish(),
      forbiddenPlatformTablesReadable: z.array(str).max(1000),
      siblingTablesReadable: z.array(str).max(1000),
    })
    .nullish(),
  credits: z.object({ balance: z.number().nullish(), status: str.nullish() }).nullish(),
  hostedRuntime: z.object({ endpoint: str.nullish(), status: str.nullish() }).nullish(),
  entityCounts: z
    .object({
      knowledgeGraphNodes: count.nullish(),
      knowledgeGraphEdges: count.nullish(),
      rbacRoles: count.nullish(),
      rbacBindings: count.nullish(),
    })
    .nullish(),
  observedAt: str.nullish(),
});

/** The report as the sidecar keeps it: known fields only, the credential reference reduced to a boolean. */
export const RuntimeReportSchema = RawReportSchema.transform(({ managedCredentialRef, ...rest }) => ({
  ...rest,
  credentialConfigured: typeof managedCredentialRef === 'string' && managedCredentialRef.trim() !== '',
}));
export type RuntimeReport = z.output<typeof RuntimeReportSchema>;

export type FetchOutcome = { ok: true; report: RuntimeReport } | { ok: false; error: ProbeError };

export interface PlatformIsolationOptions {
  baseUrl: string;
  allowedHosts: readonly string[];
  timeoutMs: number;
  concurrency: number;
}

/** A counting semaphore: at most `limit` tasks run at once, the rest wait in FIFO order. */
export class Gate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly limit: number) {}
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    try {
      return await task();
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }
  get inFlight(): number {
    return this.active;
  }
}

export class PlatformIsolationClient {
  private readonly base: URL;
  private readonly gate: Gate;
  private readonly outbound: OutboundOptions;

  constructor(private readonly options: PlatformIsolationOptions) {
    this.base = new URL(options.baseUrl);
    if (!hostAllowed(this.base, options.allowedHosts)) {
      throw new Error(`platform host ${this.base.host} is not on the outbound allowlist`);
    }
    this.gate = new Gate(options.concurrency);
    this.outbound = {
      dependency: 'the platform isolation API',
      allowedHosts: options.allowedHosts,
      timeoutMs: options.timeoutMs,
    };
  }

  get concurrency(): number {
    return this.options.concurrency;
  }

  /** Never throws: every failure is a typed outcome whose message holds no response content. */
  fetchReport(tenantId: string, shutdown?: AbortSignal): Promise<FetchOutcome> {
    if (!TENANT_ID_PATTERN.test(tenantId)) {
      return Promise.resolve(fail('not_found', 'not a valid tenant id'));
    }
    const url = new URL(
      `${this.base.pathname.replace(/\/+$/, '')}/v1/runtime/isolation/${encodeURIComponent(tenantId)}`,
      this.base
    );
    if (url.origin !== this.base.origin || !hostAllowed(url, this.options.allowedHosts)) {
      return Promise.resolve(fail('unreachable', 'refused: host not on the outbound allowlist'));
    }
    return this.gate.run(() => this.get(url, tenantId, shutdown));
  }

  private async get(url: URL, tenantId: string, shutdown?: AbortSignal): Promise<FetchOutcome> {
    try {
      const res = await outboundFetch(this.outbound, { method: 'GET', url, signal: shutdown });
      if (res.status === 404) {
        await res.body?.cancel();
        return fail('not_found', 'the platform does not know this tenant (HTTP 404)');
      }
      if (res.status !== 200) {
        await res.body?.cancel();
        return fail('http_error', `the platform answered HTTP ${res.status}`);
      }
      const text = await readCapped(res);
      if (text === null) return fail('invalid_response', `the response is larger than ${MAX_BODY_BYTES} bytes`);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return fail('invalid_response', 'the response is not JSON');
      }
      const parsed = RuntimeReportSchema.safeParse(json);
      if (!parsed.success) {
        // Paths and issue codes only: zod messages could quote the offending input.
        const where = parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.') || 'body'} (${i.code})`)
          .join(', ');
        return fail('invalid_response', `the response does not match the isolation report schema: ${where}`);
      }
      if (parsed.data.tenantId !== tenantId) return fail('invalid_response', 'the report is for a different tenant');
      return { ok: true, report: parsed.data };
    } catch (err) {
      if (shutdown?.aborted) return fail('unreachable', 'the probe was cancelled (shutting down)');
      if (!(err instanceof DependencyError)) throw err;
      return this.failureOf(err);
    }
  }

  private failureOf(err: DependencyError): FetchOutcome {
    if (err.kind === 'timeout') return fail('timeout', `no answer within ${this.options.timeoutMs} ms`);
    if (err.kind === 'http') return fail('http_error', `the platform answered HTTP ${err.status}`);
    if (err.kind === 'refused') return fail('unreachable', 'refused: host not on the outbound allowlist');
    return fail('unreachable', err.message);
  }
}

function fail(code: ProbeError['code'], message: string): FetchOutcome {
  return { ok: false, error: { code, message } };
}

async function readCapped(res: Response): Promise<string | null> {
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) {
    await res.body?.cancel();
    return null;
  }
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
