/**
 * The compiled sidecar (scripts/bundle-node.ts): what production, the stack and this suite run.
 * A bundle knows the sources it was built from and is rebuilt when one is newer or gone; our files'
 * `__dirname`/`__filename` stay their own; packages are loaded from node_modules, never inlined.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SIDECAR, SIMULATOR, bundle, isStale } from '../../scripts/bundle-node';

const ROOT = resolve(__dirname, '..', '..');

describe('bundle-node', () => {
  let dir: string;
  let outfile: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sy-bundle-test-'));
    outfile = join(dir, 'out', 'entry.cjs');
    mkdirSync(join(dir, 'lib'));
    writeFileSync(
      join(dir, 'entry.ts'),
      "import { where } from './lib/where';\nimport { z } from 'zod';\n" +
        'process.stdout.write(JSON.stringify({ ...where(), zod: typeof z.string }));\n'
    );
    writeFileSync(
      join(dir, 'lib', 'where.ts'),
      'export const where = (): { dir: string; file: string } => ({ dir: __dirname, file: __filename });\n'
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs as the sources would: __dirname and __filename are the source file’s own', async () => {
    await bundle(join(dir, 'entry.ts'), outfile);
    const out = JSON.parse(
      execFileSync(process.execPath, [outfile], {
        encoding: 'utf8',
        env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') },
      })
    ) as Record<string, string>;
    assert.deepEqual(out, { dir: join(dir, 'lib'), file: join(dir, 'lib', 'where.ts'), zod: 'function' });
    assert.doesNotMatch(readFileSync(outfile, 'utf8'), /ZodString/, 'zod is required from node_modules, not inlined');
  });

  it('is stale when it is missing, when a source is newer, or when a source is gone', async () => {
    await bundle(join(dir, 'entry.ts'), outfile);
    assert.equal(isStale(outfile), false);
    // Times relative to the bundle's own, so the test never reads the wall clock.
    const builtAt = statSync(outfile).mtimeMs;
    const source = join(dir, 'lib', 'where.ts');
    utimesSync(source, new Date(builtAt + 60_000), new Date(builtAt + 60_000));
    assert.equal(isStale(outfile), true, 'a source edited after the build');
    utimesSync(source, new Date(builtAt - 60_000), new Date(builtAt - 60_000));
    assert.equal(isStale(outfile), false, 'a source older than the build');
    rmSync(join(dir, 'lib', 'where.ts'));
    assert.equal(isStale(outfile), true, 'a source removed after the build');
    assert.equal(isStale(join(dir, 'out', 'never-built.cjs')), true);
  });

  for (const [name, target] of [
    ['sidecar', SIDECAR],
    ['simulator', SIMULATOR],
  ] as const) {
    it(`the ${name} bundle holds only our sources`, async () => {
      if (isStale(target.outfile)) await bundle(target.entry, target.outfile);
      const inputs = JSON.parse(readFileSync(join(ROOT, `${target.outfile}.inputs.json`), 'utf8')) as string[];
      assert.ok(inputs.includes(target.entry));
      assert.deepEqual(
        inputs.filter((i) => !i.startsWith('src/')),
        [],
        'every package stays in node_modules'
      );
    });
  }
});
