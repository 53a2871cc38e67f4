/**
 * The trust boundary. A request is accepted only when it carries exactly one proxy-secret header equal
 * to the configured secret (constant-time), exactly one valid Grafana ID token, and exactly one
 * granted-action header equal to the action the endpoint requires. Client-sent X-Grafana-User,
 * X-Grafana-Context and X-Grafana-Org-Id are never read.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { GRAFANA_ID_HEADER, GRANTED_ACTION_HEADER, PROXY_SECRET_HEADER, type Action } from '../../../contract';
import { forbidden, unauthenticated } from '../errors';
import { singleHeader } from './headers';
import type { Caller, IdTokenVerifier } from './idToken';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

export type Authenticate = (request: FastifyRequest, required: Action) => Promise<Caller>;

export function createAuthenticator(secret: string, tokens: IdTokenVerifier): Authenticate {
  const expected = digest(secret);
  return async (request, required) => {
    const raw = request.raw.rawHeaders;
    const presented = singleHeader(raw, PROXY_SECRET_HEADER);
    if (presented === null || !timingSafeEqual(digest(presented), expected)) {
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
