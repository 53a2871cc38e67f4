/**
 * SystemJS copies plain objects passed to `System.set`, freezing live ESM bindings (e.g. a
 * `PluginPage` replaced later by `setPluginPage`). A getter-backed object tagged as a Module is kept
 * as it is, so the plugin sees the same live bindings Grafana's loader gives it.
 */
export function liveNamespace(mod: Record<string, unknown>, extra: Record<string, unknown> = {}): object {
  const ns: Record<string | symbol, unknown> = Object.create(null);
  for (const key of Object.keys(mod)) {
    Object.defineProperty(ns, key, { enumerable: true, get: () => mod[key] });
  }
  for (const [k, v] of Object.entries(extra)) {
    Object.defineProperty(ns, k, { enumerable: true, value: v });
  }
  Object.defineProperty(ns, Symbol.toStringTag, { value: 'Module' });
  return ns;
}
