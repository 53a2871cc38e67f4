/**
 * The trust boundary. A request is accepted in one of two ways:
 * - From Grafana's plugin proxy: exactly one proxy-secret header equal to the configured secret
 *   (constant-time), exactly one valid Grafana ID token, and exactly one granted-action header equal to
 *   the action the endpoint requires. Client-sent X-Grafana-User, X-Grafana-Context and
 *   X-Grafana-Org-Id are never read.
 * - From the Switchyard data source (see datasourceCaller.ts): no proxy-secret header, exactly one
 *   `Authorization: Bearer` equal to SWITCHYARD_DATASOURCE_TOKEN; read-only.
 */
import type { FastifyRequest } from 'fastify';
import { GRAFANA_ID_HEADER, GRANTED_ACTION_HEADER, PROXY_SECRET_HEADER, type Action } from '../../../contract';
import { forbidden, unauthenticated } from '../errors';
import { createDatasourceAuthenticator } from './datasourceCaller';
import { rawHeaderValues, singleHeader } from './headers';
import type { Caller, IdTokenVerifier } from './idToken';
import { secretMatcher } from './secretMatch';

export type Authenticate = (request: FastifyRequest, required: Action) => Promise<Caller>;

export interface DatasourceAccess {
  /** SWITCHYARD_DATASOURCE_TOKEN; null → the bearer way in is closed. */
  token: string | null;
  /** The org a data-source caller without an ID token acts in (the first allowed org). */
  orgId: number;
}

export function createAuthenticator(
  secret: string,
  tokens: IdTokenVerifier,
  datasource: DatasourceAccess = { token: null, orgId: 1 }
): Authenticate {
  const isSecret = secretMatcher(secret);
  const fromDatasource = datasource.token
    ? createDatasourceAuthenticator(datasource.token, datasource.orgId, tokens)
    : null;
  return async (request, required) => {
    const raw = request.raw.rawHeaders;
    if (
      fromDatasource &&
      rawHeaderValues(raw, PROXY_SECRET_HEADER).length === 0 &&
      rawHeaderValues(raw, 'authorization').length > 0
    ) {
      return fromDatasource(request, required);
    }
    const presented = singleHeader(raw, PROXY_SECRET_HEADER);
    if (presented === null || !isSecret(presented)) {
      request.log.warn({ reason: 'proxy_secret' }, 'request refused: not from the Grafana proxy');
      throw unauthenticated('Requests must come through the Grafana plugin proxy');
    }
    const token = singleHeader(raw, GRAFANA_ID_HEADER);
    if (token === null) {
      request.log.warn({ reason: 'id_token_missing' }, 'request refused: no Grafana ID token');
      throw unauthenticated('A Grafana ID token is required');
    }
    const caller = await tokens.verify(token).catch((err: unknown) => {
      request.log.warn({ reason: 'id_token_invalid' }, 'request refused: Grafana ID token not accepted');
      throw err;
    });
    if (singleHeader(raw, GRANTED_ACTION_HEADER) !== required) {
      request.log.warn(
        { reason: 'granted_action', required, login: caller.login },
        'request refused: action not granted'
      );
      throw forbidden(`This needs the ${required} permission`);
    }
    return caller;
  };
}
