/**
 * The adversarial suite's summary, run last by `npm run test:security` (files run in name order):
 * reads the figures every suite recorded in SECURITY_FIGURES_DIR and prints one table — requests,
 * status histograms, 5xx, unauthorized successes, state changes, platform side effects, dependency
 * queries, leaks, audit chain status per store — then holds the red lines: every suite recorded its
 * figures, every red-line count is 0 and every audit chain verifies.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FIGURES_DIR_ENV, type RecordedFigures } from './support';

/** The suites whose figures the summary needs (their Figures titles). */
const SUITES = ['auth matrix figures', 'fuzz figures', 'canary figures'];

test('summary: every suite reported, every red line is 0, every audit chain verifies', () => {
  const dir = process.env[FIGURES_DIR_ENV];
  assert.ok(dir, `${FIGURES_DIR_ENV} is not set: run the suite with npm run test:security`);
  const recorded = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as RecordedFigures)
    : [];
  const byTitle = new Map(recorded.map((r) => [r.title, r]));

  const rows: [string, string, string][] = [];
  let requests = 0;
  for (const title of SUITES) {
    const r = byTitle.get(title);
    if (!r) {
      rows.push([title.replace(/ figures$/, ''), 'NOT RECORDED', '']);
      continue;
    }
    for (const [name, value] of r.rows) {
      rows.push([title.replace(/ figures$/, ''), name, value]);
      if (/: requests$/.test(name)) requests += Number(value);
    }
  }
  const zeros = recorded.flatMap((r) => Object.entries(r.zeros).map(([n, v]) => [`${r.title}: ${n}`, v] as const));
  const chains = recorded.flatMap((r) => Object.entries(r.chains).map(([s, ok]) => [`${r.title}: ${s}`, ok] as const));
  const redLineTotal = zeros.reduce((a, [, v]) => a + v, 0);

  const w1 = Math.max(...rows.map(([s]) => s.length), 5);
  const w2 = Math.max(...rows.map(([, n]) => n.length), 10);
  const lines = [
    '',
    'adversarial suite summary',
    ...rows.map(([s, n, v]) => `  ${s.padEnd(w1)}  ${n.padEnd(w2)}  ${v}`),
    '',
    `  requests sent by the matrix and the fuzz run      ${requests}`,
    `  red-line counts (must all be 0), summed           ${redLineTotal} over ${zeros.length} counts`,
    `  audit chains verified                             ${chains.filter(([, ok]) => ok).length} of ${chains.length}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  assert.deepEqual(
    SUITES.filter((s) => !byTitle.has(s)),
    [],
    'every suite records its figures (a suite that failed before its end records none)'
  );
  assert.ok(requests >= 10_000, `the matrix and the fuzz run sent ${requests} requests`);
  assert.deepEqual(
    zeros.filter(([, v]) => v !== 0),
    [],
    'red lines'
  );
  assert.ok(chains.length >= 1, 'the fuzz run verified the audit chain');
  assert.deepEqual(
    chains.filter(([, ok]) => !ok),
    [],
    'audit chains'
  );
});
