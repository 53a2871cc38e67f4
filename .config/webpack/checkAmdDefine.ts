import type { Compiler } from 'webpack';
import { SHARED_MODULE_NAMES } from './externals';

const PLUGIN_NAME = 'CheckAmdDefinePlugin';

/** Reads the dependency list of a webpack AMD bundle: `define(["a","b"], …)`. */
export function amdDependencies(source: string): string[] | undefined {
  const match = /define\((\[[^\]]*\])/.exec(source);
  return match ? (JSON.parse(match[1]) as string[]) : undefined;
}

/**
 * Fails the build when an entry's AMD `define([...])` names a module Grafana does not share
 * (it would fail to load in Grafana), in particular `react-router-dom`, which Grafana shares as v5.
 */
export class CheckAmdDefinePlugin {
  apply(compiler: Compiler): void {
    compiler.hooks.thisCompilation.tap(PLUGIN_NAME, (compilation) => {
      compilation.hooks.afterProcessAssets.tap(PLUGIN_NAME, (assets) => {
        for (const name of Object.keys(assets)) {
          if (!/(^|\/)module\.js$/.test(name)) {
            continue;
          }
          const deps = amdDependencies(assets[name].source().toString());
          if (!deps) {
            compilation.errors.push(
              new compiler.webpack.WebpackError(`${name} is not an AMD module (no define([...]))`)
            );
            continue;
          }
          const unknown = deps.filter((d) => !SHARED_MODULE_NAMES.has(d));
          if (unknown.length > 0) {
            compilation.errors.push(
              new compiler.webpack.WebpackError(
                `${name} depends on modules Grafana does not share: ${unknown.join(', ')}. Bundle them instead (see .config/webpack/externals.ts).`
              )
            );
          }
        }
      });
    });
  }
}
