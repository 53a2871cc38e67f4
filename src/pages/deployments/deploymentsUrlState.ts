import type { SceneObjectUrlValues } from '@grafana/scenes';
import { ENVIRONMENTS, type Environment } from '../../contract';
import type { SceneUrlState } from '../../shared/LiveScene';
import { oneOf, optionalValue } from '../../shared/urlState';

/** What the Deployments page keeps in the URL: the environment filter and the selected deployment. */
export interface DeploymentsUrlState {
  environment?: Environment;
  deployment?: string;
}

const DEPLOYMENTS_URL_KEYS = ['env', 'deployment'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function deploymentsStateFromUrl(values: SceneObjectUrlValues): DeploymentsUrlState {
  const id = optionalValue(values.deployment);
  return { environment: oneOf(values.env, ENVIRONMENTS), deployment: id && UUID.test(id) ? id : undefined };
}

export function deploymentsStateToUrl(s: DeploymentsUrlState): SceneObjectUrlValues {
  return { env: s.environment ?? null, deployment: s.deployment ?? null };
}

export const DEPLOYMENTS_URL_STATE: SceneUrlState<DeploymentsUrlState> = {
  keys: DEPLOYMENTS_URL_KEYS,
  fromUrl: deploymentsStateFromUrl,
  toUrl: deploymentsStateToUrl,
};
