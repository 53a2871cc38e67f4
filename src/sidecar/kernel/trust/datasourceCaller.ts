/**
 * The Switchyard data source's way in: its own credential, `Authorization: Bearer <token>` equal to
 * SWITCHYARD_DATASOURCE_TOKEN (constant-time), and no proxy-secret header. The caller is read-only:
 * GET endpoints whose action is a `:read` action; anything else is 403 `datasource_read_only`.
 * - With an `X-Grafana-Id` token (a human's query), the token is verified exactly as for the proxy and
 *   its identity is the caller (a forged or expired token is refused).
 * - Without one (alert evaluation, or Grafana sent no token), the caller is the data source's service
 *   principal. The `X-Switchyard-Datasource-User` header is attribution only (`datasource:<login>`),
 *   never an identity used for authorization.
 */
import type { FastifyRequest } from 'fastify';
import { DATASOURCE_USER_HEADER, ErrorCode, GRAFANA_ID_HEADER, endpoints, type Action } from '../../../contract';
import { DomainError, unauthenticated } from '../errors';
import { rawHeaderValues, singleHeader } from './headers';
import type { Caller, IdTokenVerifier } from './idToken';
import { secretMatcher } from './secretMatch';

/** Actions the data source may use: the read actions of GET endpoints in the table. */
export const DATASOURCE_READ_ACTIONS: ReadonlySet<string> = new Set(
  Object.values(endpoints)
    .filter((e) => e.method === 'GET' && e.action.endsWith(':read'))
    .map((e) => e.action)
);

const LOGIN_PATTERN = /^[\x21-\x7e]{1,100}$/;

export function createDatasourceAuthenticator(token: string, orgId: number, tokens: IdTokenVerifier) {
  const isToken = secretMatcher(token);
  return async (request: FastifyRequest, required: Action): Promise<Caller> => {
    const raw = request.raw.rawHeaders;
    const authorization = rawHeaderValues(raw, 'authorization');
    const bearer = authorization.length === 1 ? /^Bearer (\S+)$/.exec(authorization[0]) : null;
    if (!bearer || !isToken(bearer[1])) {
      request.log.warn({ reason: 'datasource_token' }, 'request refused: data source credential not accepted');
      throw unauthenticated('The data source credential is not valid');
    }
    if (request.method !== 'GET' || !DATASOURCE_READ_ACTIONS.has(required)) {
      request.log.warn({ reason: 'datasource_read_only', required }, 'request refused: data source is read-only');
      throw new DomainError(ErrorCode.datasourceReadOnly, 'The Switchyard data source credential can only read', {
        details: { required },
      });
    }
    const user = singleHeader(raw, DATASOURCE_USER_HEADER);
    const attribution = user !== null && LOGIN_PATTERN.test(user) ? `datasource:${user}` : 'datasource';
    const idToken = rawHeaderValues(raw, GRAFANA_ID_HEADER);
    if (idToken.length > 0) {
      if (idToken.length !== 1 || idToken[0] === '') throw unauthenticated('Send at most one Grafana ID token');
      const verified = await tokens.verify(idToken[0]).catch((err: unknown) => {
        request.log.warn({ reason: 'id_token_invalid' }, 'request refused: Grafana ID token not accepted');
        throw err;
      });
      return { ...verified, type: 'datasource-user' };
    }
    return { login: attribution, orgId, sub: 'datasource', type: 'datasource', role: 'Viewer' };
  };
}
