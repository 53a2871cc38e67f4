/**
 * create-plugin compatible build of the Switchyard app plugin.
 *
 *   webpack -c .config/webpack/webpack.config.ts --env production   (npm run build)
 *   webpack -w -c .config/webpack/webpack.config.ts --env development (npm run dev)
 *
 * Output: AMD `dist/module.js` (Grafana loads it through SystemJS), lazy chunks for the app and
 * every page, plugin.json from the repository root with %VERSION%/%TODAY%/%PLUGIN_ID% filled.
 */
import path from 'node:path';
import CopyWebpackPlugin from 'copy-webpack-plugin';
import { EsbuildPlugin } from 'esbuild-loader';
import ReplaceInFileWebpackPlugin from 'replace-in-file-webpack-plugin';
import type { Configuration } from 'webpack';
import { CheckAmdDefinePlugin } from './checkAmdDefine';
import { DIST_DIR, ROOT_DIR, SOURCE_DIR } from './constants';
import { externals } from './externals';
import { getEntries, getPackageVersion, getPluginJson, today } from './utils';

interface Env {
  production?: boolean;
  development?: boolean;
}

const config = (env: Env = {}): Configuration => {
  const production = Boolean(env.production);
  const pluginJson = getPluginJson();
  const publicPath = `public/plugins/${pluginJson.id}/`;

  return {
    // The cache lives in the checkout, not in node_modules, so checkouts sharing one node_modules
    // never read each other's modules.
    cache: {
      type: 'filesystem',
      cacheDirectory: path.join(ROOT_DIR, '.cache', 'webpack'),
      buildDependencies: { config: [__filename] },
    },
    context: SOURCE_DIR,
    devtool: production ? 'source-map' : 'eval-source-map',
    entry: getEntries(),
    externals,
    mode: production ? 'production' : 'development',
    module: {
      rules: [
        {
          test: /\.[tj]sx?$/,
          exclude: /node_modules/,
          // The app's modules only declare (schemas, components, helpers): a chunk keeps just the
          // modules whose exports it uses, so `import { X } from '../contract'` does not bring in
          // every module's schemas.
          sideEffects: false,
          loader: 'esbuild-loader',
          options: { target: 'es2020', tsconfig: path.join(ROOT_DIR, 'tsconfig.browser.json') },
        },
        // @grafana/* publish ESM `.mjs` files that import without extensions.
        { test: /\.m?js$/, resolve: { fullySpecified: false } },
        {
          test: /\.(png|jpe?g|gif|svg)$/,
          type: 'asset/resource',
          generator: {
            publicPath: `${publicPath}img/`,
            outputPath: 'img/',
            filename: production ? '[hash][ext]' : '[file]',
          },
        },
        {
          test: /\.(woff|woff2|eot|ttf|otf)(\?v=\d+\.\d+\.\d+)?$/,
          type: 'asset/resource',
          generator: { publicPath: `${publicPath}fonts/`, outputPath: 'fonts/', filename: '[hash][ext]' },
        },
      ],
    },
    optimization: {
      minimize: production,
      minimizer: [new EsbuildPlugin({ target: 'es2020' })],
    },
    output: {
      clean: { keep: /(.*?_(amd64|arm(64)?)(\.exe)?|go_plugin_build_manifest)/ },
      filename: '[name].js',
      chunkFilename: production ? '[name].js?_cache=[contenthash]' : '[name].js',
      library: { type: 'amd' },
      path: DIST_DIR,
      // Relative, so Grafana served from a sub-path (root_url /grafana/) resolves it against <base href>.
      publicPath,
      uniqueName: pluginJson.id,
    },
    performance: { hints: false },
    plugins: [
      new CopyWebpackPlugin({
        patterns: [
          // The one manifest lives at the repository root.
          { from: path.join(ROOT_DIR, 'plugin.json'), to: '.' },
          // The catalog README (placeholders filled below); the repository README is for developers.
          { from: 'README.md', to: '.' },
          { from: path.join(ROOT_DIR, 'LICENSE'), to: '.' },
          { from: path.join(ROOT_DIR, 'CHANGELOG.md'), to: '.' },
          { from: 'img/**/*', to: '.' },
          // The provisioned dashboards, listed in plugin.json `includes` as `dashboards/<file>.json`.
          { from: 'dashboards/*.json', context: ROOT_DIR, to: '.' },
          // Nested plugins (src/<dir>/plugin.json and their images).
          { from: '*/plugin.json', to: '.', noErrorOnMissing: true },
          { from: '*/img/**/*', to: '.', noErrorOnMissing: true },
        ],
      }),
      new ReplaceInFileWebpackPlugin([
        {
          dir: DIST_DIR,
          files: ['plugin.json', 'README.md'],
          rules: [
            { search: /%VERSION%/g, replace: getPackageVersion() },
            { search: /%TODAY%/g, replace: today() },
            { search: /%PLUGIN_ID%/g, replace: pluginJson.id },
          ],
        },
      ]),
      new CheckAmdDefinePlugin(),
    ],
    resolve: {
      extensions: ['.js', '.jsx', '.ts', '.tsx', '.mjs', '.cjs', '.json'],
    },
    stats: production ? 'normal' : 'minimal',
    watchOptions: { ignored: ['**/node_modules/**', '**/dist/**'] },
  };
};

export default config;
