/** The data source's own settings: `jsonData.sidecarUrl` and `decryptedSecureJsonData.sidecarToken`. */
import type { PluginContext } from '../plugin/types';
import { QueryError } from './errors';
import type { SidecarTarget } from './sidecarClient';

export const NOT_CONFIGURED =
  'The Switchyard data source is not configured: set the sidecar URL and the data source token in its settings';

export function sidecarTarget(ctx: PluginContext): SidecarTarget | QueryError {
  const settings = ctx.dataSourceInstanceSettings;
  const url = settings?.jsonData?.sidecarUrl;
  const token = settings?.decryptedSecureJsonData?.sidecarToken;
  if (typeof url !== 'string' || url.trim() === '' || !token) return new QueryError(NOT_CONFIGURED, 400, 'plugin');
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return new QueryError('The sidecar URL in the data source settings is not a valid URL', 400, 'plugin');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return new QueryError('The sidecar URL in the data source settings must be http(s)', 400, 'plugin');
  }
  return { url: url.trim().replace(/\/+$/, ''), token };
}

export const secretsOf = (ctx: PluginContext): string[] =>
  Object.values(ctx.dataSourceInstanceSettings?.decryptedSecureJsonData ?? {}).filter((s) => s.length > 0);
