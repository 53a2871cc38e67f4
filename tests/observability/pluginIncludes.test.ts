// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the build config's ambient typings are not in the root tsconfig program
/// <reference path="../../.config/types/replace-in-file-webpack-plugin.d.ts" />
/**
 * The dashboards ship with the app: every `dashboard` include of plugin.json is a file the webpack
 * build copies into dist (computed from the build's own copy patterns), every committed dashboard is
 * included exactly once, and each one has a uid.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { describe, it } from 'node:test';
import CopyWebpackPlugin from 'copy-webpack-plugin';
import webpackConfig from '../../.config/webpack/webpack.config';
import { SOURCE_DIR } from '../../.config/webpack/constants';

const ROOT = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'plugin.json'), 'utf8')) as {
  includes: Array<{ type: string; name: string; path?: string; addToNav?: boolean }>;
};
const dashboardIncludes = manifest.includes.filter((i) => i.type === 'dashboard');
const committed = readdirSync(join(ROOT, 'dashboards')).filter((f) => f.endsWith('.json'));

type Pattern = { from: string; to?: string; context?: string; noErrorOnMissing?: boolean };

// `*` within one segment, `**` across segments (the glob subset the copy patterns use).
function globRegex(glob: string): RegExp {
  let body = '';
  for (let i = 0; i < glob.length; i++) {
    if (glob.startsWith('**/', i)) {
      body += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      body += '.*';
      i += 1;
    } else if (glob[i] === '*') body += '[^/]*';
    else body += glob[i].replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${body}$`);
}

function walk(dir: string, base = dir, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, base, out);
    else out.push(relative(base, p).split(sep).join('/'));
  }
  return out;
}

/** Files the build's CopyWebpackPlugin patterns put into dist, relative to dist. */
function copiedFiles(): string[] {
  const cfg = webpackConfig({ production: true });
  const copy = cfg.plugins?.find((p) => p instanceof CopyWebpackPlugin) as unknown as { patterns: Pattern[] };
  assert.ok(copy, 'the build has a CopyWebpackPlugin');
  const out: string[] = [];
  for (const pat of copy.patterns) {
    const context = pat.context ?? SOURCE_DIR;
    const from = pat.from.startsWith('/') ? relative(context, pat.from) : pat.from;
    const re = globRegex(from);
    // A glob keeps the path relative to its context; a single file is copied by its base name.
    const matches = /[*]/.test(from) ? walk(context).filter((f) => re.test(f)) : [basename(from)];
    for (const m of matches) out.push(pat.to && pat.to !== '.' ? `${pat.to.replace(/\/$/, '')}/${m}` : m);
  }
  return out;
}

describe('dashboards ship with the app', () => {
  it('plugin.json includes every committed dashboard once, not in the nav', () => {
    assert.equal(dashboardIncludes.length, 13);
    assert.deepEqual(dashboardIncludes.map((i) => i.path).sort(), committed.map((f) => `dashboards/${f}`).sort());
    for (const i of dashboardIncludes) assert.equal(i.addToNav, false, i.name);
  });

  it('every include path is in the build output, and each dashboard has a uid and the included title', () => {
    const built = copiedFiles();
    assert.ok(built.includes('plugin.json') && built.includes('LICENSE'), `copy list: ${built.join(', ')}`);
    for (const i of dashboardIncludes) {
      assert.ok(i.path && built.includes(i.path), `${i.path} is not copied into dist`);
      const json = JSON.parse(readFileSync(join(ROOT, i.path), 'utf8')) as { uid?: string; title?: string };
      assert.match(json.uid ?? '', /^switchyard-[a-z-]+$/, `${i.path}: uid`);
      assert.equal(json.title, i.name, `${i.path}: include name is the dashboard title`);
    }
  });
});
