import path from 'node:path';

/** Repository root: the build always runs from it (npm scripts). */
export const ROOT_DIR = process.cwd();
export const SOURCE_DIR = path.join(ROOT_DIR, 'src');
export const DIST_DIR = path.join(ROOT_DIR, 'dist');
/** The one manifest lives at the repository root, not under src/. */
export const PLUGIN_JSON = path.join(ROOT_DIR, 'plugin.json');
export const PACKAGE_JSON = path.join(ROOT_DIR, 'package.json');
