/**
 * Every link a dashboard makes into the Switchyard app (panel data links and dashboard links) must open a
 * page the app really routes, so a dashboard can't send an operator to a "page not found".
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { appPagePatterns } from '../../src/shared/routing';

const DIR = join(__dirname, '..', '..', 'dashboards');
const APP_PREFIX = '/a/switchyard-controlplane-app';

function appLinks(node: unknown, out: string[] = []): string[] {
  if (typeof node === 'string') {
    if (node.startsWith(APP_PREFIX)) out.push(node);
  } else if (Array.isArray(node)) {
    node.forEach((n) => appLinks(n, out));
  } else if (node && typeof node === 'object') {
    Object.values(node).forEach((n) => appLinks(n, out));
  }
  return out;
}

/** `/a/<id>/tenants/:tenantId` → a regex where a parameter matches one path segment (or a template variable). */
function patternRegex(pattern: string): RegExp {
  const body = pattern
    .split('/')
    .map((seg) => (seg.startsWith(':') ? '[^/?]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${body}(\\?.*)?$`);
}

describe('dashboard links into the app', () => {
  const patterns = appPagePatterns().map(patternRegex);
  const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));

  it('there are dashboards with app links to check', () => {
    assert.ok(files.length >= 12);
    assert.ok(files.some((f) => appLinks(JSON.parse(readFileSync(join(DIR, f), 'utf8'))).length > 0));
  });

  for (const f of files) {
    it(`${f}: every app link opens a routed page`, () => {
      for (const link of appLinks(JSON.parse(readFileSync(join(DIR, f), 'utf8')))) {
        const path = link.replace(/\$\{[^}]+\}/g, 'x');
        assert.ok(
          patterns.some((re) => re.test(path)),
          `${f}: ${link} matches no app page`
        );
      }
    });
  }
});
