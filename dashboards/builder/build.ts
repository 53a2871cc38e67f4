import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDashboard } from './sdk';
import { DASHBOARDS, fileNameOf } from './index';

/** `npm run dashboards:build`: regenerate dashboards/*.json from the builder. */
const dir = join(__dirname, '..');
for (const d of DASHBOARDS) {
  writeFileSync(join(dir, fileNameOf(d)), `${JSON.stringify(buildDashboard(d), null, 2)}\n`);
}
process.stdout.write(`wrote ${DASHBOARDS.length} dashboards to ${dir}\n`);
