/**
 * Grafana's team API as the plugin's sidecar reads it (with a service account token):
 * `GET /api/teams/search` (paged `{totalCount, teams, page, perPage}`; `query` matches names by substring,
 * `name` exactly) and `GET /api/teams/:id/members` (an array of members). Teams and their members come
 * from the host users' `teams`. As in Grafana, an org Admin reads every team; anyone else only the teams
 * they are a member of (other teams are absent from search and answer 403 for members).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { USERS, resolveUser, type HostUser } from './users';

export interface HostTeam {
  id: number;
  uid: string;
  orgId: number;
  name: string;
  members: HostUser[];
}

/** Every team named by a host user, ids in order of first appearance (stable across runs). */
export function hostTeams(): HostTeam[] {
  const byName = new Map<string, HostTeam>();
  for (const u of Object.values(USERS)) {
    for (const name of u.teams ?? []) {
      let t = byName.get(name);
      if (!t) {
        t = { id: byName.size + 1, uid: `team-${name}`, orgId: u.orgId, name, members: [] };
        byName.set(name, t);
      }
      t.members.push(u);
    }
  }
  return [...byName.values()];
}

const canRead = (user: HostUser, team: HostTeam) =>
  user.role === 'Admin' || user.isGrafanaAdmin || team.members.some((m) => m.id === user.id);

const avatarUrl = (email: string) => `/avatar/${Buffer.from(email).toString('hex').slice(0, 32)}`;

function positiveInt(raw: string | undefined, fallback: number): number | null {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : null;
}

export function registerTeamRoutes(app: FastifyInstance): void {
  app.get('/api/teams/search', async (req: FastifyRequest, reply: FastifyReply) => {
    const user = resolveUser(req)!.user;
    const q = req.query as Record<string, string | undefined>;
    const perPage = positiveInt(q.perpage, 1000);
    const page = positiveInt(q.page, 1);
    if (perPage === null || page === null) return reply.code(400).send({ message: 'bad request data' });
    const matches = hostTeams().filter(
      (t) =>
        t.orgId === user.orgId &&
        canRead(user, t) &&
        (!q.query || t.name.toLowerCase().includes(q.query.toLowerCase())) &&
        (!q.name || t.name === q.name)
    );
    const teams = matches.slice((page - 1) * perPage, page * perPage).map((t) => ({
      id: t.id,
      uid: t.uid,
      orgId: t.orgId,
      name: t.name,
      email: '',
      avatarUrl: avatarUrl(t.name),
      memberCount: t.members.length,
      permission: 0,
    }));
    return { totalCount: matches.length, teams, page, perPage };
  });

  app.get('/api/teams/:teamId/members', async (req: FastifyRequest, reply: FastifyReply) => {
    const user = resolveUser(req)!.user;
    const team = hostTeams().find((t) => String(t.id) === (req.params as { teamId: string }).teamId);
    if (!team || team.orgId !== user.orgId) return reply.code(404).send({ message: 'Team not found' });
    if (!canRead(user, team)) {
      return reply.code(403).send({
        accessErrorId: 'ACE0000000002',
        message: "You'll need additional permissions to perform this action. Permissions needed: teams:read",
        title: 'Access denied',
      });
    }
    return team.members.map((m) => ({
      orgId: team.orgId,
      teamId: team.id,
      teamUID: team.uid,
      userId: m.id,
      userUID: m.uid,
      auth_module: '',
      email: m.email,
      name: m.name,
      login: m.login,
      avatarUrl: avatarUrl(m.email),
      labels: [],
      permission: 0,
    }));
  });
}
