/**
 * Alertmanager's silences API (v2) as the sidecar uses it: list, create and expire silences, through
 * the one outbound client (allowlist, timeout, request id). Answers are parsed (only the fields used);
 * failures are DependencyErrors naming Alertmanager (503), never echoing a response body.
 */
import { z } from 'zod';
import { DependencyError } from '../kernel/errors';
import { outboundFetch, outboundJson, urlFor } from './http';

const MatcherSchema = z.object({
  name: z.string(),
  value: z.string(),
  isRegex: z.boolean(),
  isEqual: z.boolean().default(true),
});
export type SilenceMatcher = z.infer<typeof MatcherSchema>;

const SilenceSchema = z.object({
  id: z.string(),
  status: z.object({ state: z.enum(['active', 'pending', 'expired']) }),
  matchers: z.array(MatcherSchema),
  startsAt: z.string(),
  endsAt: z.string(),
  createdBy: z.string(),
  comment: z.string(),
});
export type AmSilence = z.infer<typeof SilenceSchema>;

export interface NewSilence {
  matchers: SilenceMatcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

export interface AlertmanagerClient {
  listSilences(): Promise<AmSilence[]>;
  getSilence(id: string): Promise<AmSilence | null>;
  createSilence(s: NewSilence): Promise<string>;
  expireSilence(id: string): Promise<void>;
}

export interface AlertmanagerOptions {
  url: string;
  timeoutMs: number;
  allowedHosts: readonly string[];
}

function parsed<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new DependencyError('Alertmanager', 'http', `Alertmanager answered an unexpected ${what}`, 502);
  return r.data;
}

export function createAlertmanagerClient(opts: AlertmanagerOptions): AlertmanagerClient {
  const o = { dependency: 'Alertmanager', allowedHosts: opts.allowedHosts, timeoutMs: opts.timeoutMs };
  const url = (...segments: string[]) => urlFor(opts.url, ['api', 'v2', ...segments]);
  return {
    async listSilences() {
      const out = await outboundJson(o, { method: 'GET', url: url('silences') }, 'GET /api/v2/silences');
      return parsed(z.array(SilenceSchema), out, 'silence list');
    },
    async getSilence(id) {
      const res = await outboundFetch(o, { method: 'GET', url: url('silence', id) });
      if (res.status === 404) {
        await res.body?.cancel().catch(() => undefined);
        return null;
      }
      if (!res.ok) {
        await res.body?.cancel().catch(() => undefined);
        throw new DependencyError(
          o.dependency,
          'http',
          `Alertmanager answered HTTP ${res.status} to GET silence`,
          res.status
        );
      }
      return parsed(SilenceSchema, await res.json().catch(() => null), 'silence');
    },
    async createSilence(s) {
      const out = await outboundJson(o, { method: 'POST', url: url('silences'), json: s }, 'POST /api/v2/silences');
      return parsed(z.object({ silenceID: z.string() }), out, 'silence creation').silenceID;
    },
    async expireSilence(id) {
      const res = await outboundFetch(o, { method: 'DELETE', url: url('silence', id) });
      await res.body?.cancel().catch(() => undefined);
      if (!res.ok)
        throw new DependencyError(
          o.dependency,
          'http',
          `Alertmanager answered HTTP ${res.status} to DELETE silence`,
          res.status
        );
    },
  };
}

/** Whether a silence's matchers select this label set (Alertmanager semantics: all match, regexes anchored). */
export function silences(matchers: readonly SilenceMatcher[], labels: Record<string, string>): boolean {
  return matchers.every((m) => {
    const v = labels[m.name] ?? '';
    let hit: boolean;
    if (m.isRegex) {
      try {
        hit = new RegExp(`^(?:${m.value})$`).test(v);
      } catch {
        return false;
      }
    } else hit = v === m.value;
    return m.isEqual ? hit : !hit;
  });
}
