/**
 * Grafana's teams as the sidecar reads them: `GET /api/teams/search` (paged) and
 * `GET /api/teams/:id/members`, with the service account token (SWITCHYARD_GRAFANA_SA_TOKEN; an
 * org-level service account with `teams:read` is enough — the per-user `/api/users/:id/teams` lookup
 * needs server-admin permissions a service account does not have). The whole org's membership is
 * read at once and reused for `ttlMs`; concurrent requests share one read. When Grafana cannot answer
 * and the last read is older than the TTL, every lookup fails with a DependencyError (503): team
 * membership is never guessed.
 */
import { z } from 'zod';
import { DependencyError } from '../kernel/errors';
import { outboundJson, urlFor } from './http';

export interface GrafanaTeam {
  id: number;
  name: string;
  memberCount: number;
}

export interface TeamDirectory {
  teams: GrafanaTeam[];
  /** Login → names of the teams the user is a member of. */
  byLogin: ReadonlyMap<string, readonly string[]>;
}

export interface GrafanaTeamsClient {
  /** The names of the teams `login` belongs to. */
  teamsOf(login: string): Promise<readonly string[]>;
  /** Every team of the org. */
  teams(): Promise<GrafanaTeam[]>;
}

export interface GrafanaTeamsOptions {
  url: string;
  token: string;
  timeoutMs: number;
  ttlMs: number;
  allowedHosts: readonly string[];
  /** Epoch milliseconds (the kernel clock). */
  now: () => number;
}

const PER_PAGE = 1000;
/** An org with more teams than this is refused rather than read partially. */
const MAX_PAGES = 20;
const MEMBER_CONCURRENCY = 8;

const SearchSchema = z.object({
  totalCount: z.number().int().min(0),
  teams: z.array(z.object({ id: z.number().int(), name: z.string(), memberCount: z.number().int().min(0).optional() })),
});
const MembersSchema = z.array(z.object({ login: z.string(), userId: z.number().int().optional() }));

export function createGrafanaTeamsClient(opts: GrafanaTeamsOptions): GrafanaTeamsClient {
  const outbound = { dependency: 'Grafana', allowedHosts: opts.allowedHosts, timeoutMs: opts.timeoutMs };
  const headers = { authorization: `Bearer ${opts.token}` };
  let cached: { at: number; directory: TeamDirectory } | null = null;
  let inflight: Promise<TeamDirectory> | null = null;

  async function get<S extends z.ZodTypeAny>(
    segments: string[],
    query: Record<string, string>,
    schema: S,
    what: string
  ): Promise<z.output<S>> {
    const url = urlFor(opts.url, segments);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const body = await outboundJson(outbound, { method: 'GET', url, headers }, what);
    const parsed = schema.safeParse(body);
    if (!parsed.success)
      throw new DependencyError('Grafana', 'http', `Grafana answered ${what} with an unexpected body`, 502);
    return parsed.data;
  }

  async function read(): Promise<TeamDirectory> {
    const teams: GrafanaTeam[] = [];
    for (let page = 1; ; page += 1) {
      if (page > MAX_PAGES) {
        throw new DependencyError('Grafana', 'http', `the org has more than ${MAX_PAGES * PER_PAGE} teams`, 502);
      }
      const res = await get(
        ['api', 'teams', 'search'],
        { perpage: String(PER_PAGE), page: String(page) },
        SearchSchema,
        'GET /api/teams/search'
      );
      for (const t of res.teams) teams.push({ id: t.id, name: t.name, memberCount: t.memberCount ?? 0 });
      if (res.teams.length < PER_PAGE || teams.length >= res.totalCount) break;
    }
    const byLogin = new Map<string, string[]>();
    let next = 0;
    async function worker(): Promise<void> {
      while (next < teams.length) {
        const team = teams[next];
        next += 1;
        const members = await get(
          ['api', 'teams', String(team.id), 'members'],
          {},
          MembersSchema,
          'GET /api/teams/:id/members'
        );
        team.memberCount = members.length;
        for (const m of members) {
          const list = byLogin.get(m.login) ?? [];
          if (!list.includes(team.name)) list.push(team.name);
          byLogin.set(m.login, list);
        }
      }
    }
    await Promise.all(Array.from({ length: Math.min(MEMBER_CONCURRENCY, teams.length) }, worker));
    return { teams, byLogin };
  }

  async function directory(): Promise<TeamDirectory> {
    const now = opts.now();
    if (cached && now - cached.at < opts.ttlMs && now >= cached.at) return cached.directory;
    inflight ??= read()
      .then((d) => {
        cached = { at: opts.now(), directory: d };
        return d;
      })
      .finally(() => {
        inflight = null;
      });
    return inflight;
  }

  return {
    async teamsOf(login) {
      return (await directory()).byLogin.get(login) ?? [];
    },
    async teams() {
      return (await directory()).teams.map((t) => ({ ...t }));
    },
  };
}
