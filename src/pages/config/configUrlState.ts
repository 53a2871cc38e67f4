import type { SceneObjectUrlValues } from '@grafana/scenes';
import { CONFIG_KINDS, CONFIG_LEVELS, SCOPE_KEY_PATTERN, type ConfigKind, type ConfigLevel } from '../../contract';
import type { SceneUrlState } from '../../shared/LiveScene';
import { oneOf, optionalValue } from '../../shared/urlState';

/** What the Config page keeps in the URL: the browse filter, the open document and the versions compared. */
export interface ConfigUrlState {
  level?: ConfigLevel;
  kind?: ConfigKind;
  scope?: string;
  from?: number;
  to?: number;
}

const CONFIG_URL_KEYS = ['level', 'kind', 'scope', 'from', 'to'] as const;

const positive = (v: SceneObjectUrlValues[string]): number | undefined => {
  const s = optionalValue(v);
  return s && /^[1-9][0-9]{0,8}$/.test(s) ? Number(s) : undefined;
};

export function configStateFromUrl(values: SceneObjectUrlValues): ConfigUrlState {
  const scope = optionalValue(values.scope);
  const kind = oneOf(values.kind, CONFIG_KINDS);
  const open = kind && scope && SCOPE_KEY_PATTERN.test(scope) ? scope : undefined;
  return {
    level: oneOf(values.level, CONFIG_LEVELS),
    kind,
    scope: open,
    from: open ? positive(values.from) : undefined,
    to: open ? positive(values.to) : undefined,
  };
}

export function configStateToUrl(s: ConfigUrlState): SceneObjectUrlValues {
  return {
    level: s.level ?? null,
    kind: s.kind ?? null,
    scope: s.scope ?? null,
    from: s.from !== undefined ? String(s.from) : null,
    to: s.to !== undefined ? String(s.to) : null,
  };
}

export const CONFIG_URL_STATE: SceneUrlState<ConfigUrlState> = {
  keys: CONFIG_URL_KEYS,
  fromUrl: configStateFromUrl,
  toUrl: configStateToUrl,
};
