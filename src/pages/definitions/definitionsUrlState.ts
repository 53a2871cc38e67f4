import type { SceneObjectUrlValues } from '@grafana/scenes';
import { BundleNameSchema, BundleVersionSchema, ENVIRONMENTS, type Environment } from '../../contract';
import type { SceneUrlState } from '../../shared/LiveScene';
import { oneOf, optionalValue } from '../../shared/urlState';

/** What the Definitions page keeps in the URL: the selected bundle version and the environment its impact is shown for. */
export interface DefinitionsUrlState {
  bundle?: string;
  version?: string;
  impactEnv?: Environment;
}

const DEFINITIONS_URL_KEYS = ['bundle', 'version', 'impactEnv'] as const;

export function definitionsStateFromUrl(values: SceneObjectUrlValues): DefinitionsUrlState {
  const bundle = optionalValue(values.bundle);
  const version = optionalValue(values.version);
  const valid = BundleNameSchema.safeParse(bundle).success && BundleVersionSchema.safeParse(version).success;
  return {
    bundle: valid ? bundle : undefined,
    version: valid ? version : undefined,
    impactEnv: oneOf(values.impactEnv, ENVIRONMENTS),
  };
}

export function definitionsStateToUrl(s: DefinitionsUrlState): SceneObjectUrlValues {
  return { bundle: s.bundle ?? null, version: s.version ?? null, impactEnv: s.impactEnv ?? null };
}

export const DEFINITIONS_URL_STATE: SceneUrlState<DefinitionsUrlState> = {
  keys: DEFINITIONS_URL_KEYS,
  fromUrl: definitionsStateFromUrl,
  toUrl: definitionsStateToUrl,
};
