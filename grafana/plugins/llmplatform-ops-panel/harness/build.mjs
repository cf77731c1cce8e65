// Bundles the end-to-end test's harness page (React and the @grafana packages, which Grafana itself would
// offer the plugin) into harness-dist/; the plugin is not in it: the page loads dist/module.js.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'harness-dist');
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(here, 'harness.tsx')],
  outfile: join(out, 'harness.js'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  minify: true,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
  // The packages' CommonJS builds: their ES module builds import type-only names that esbuild refuses.
  alias: Object.fromEntries(
    ['@grafana/data', '@grafana/ui', '@grafana/runtime'].map((name) => [
      name,
      join(here, '..', 'node_modules', name, 'dist', 'cjs', 'index.cjs'),
    ])
  ),
  loader: { '.css': 'empty', '.svg': 'dataurl', '.woff': 'empty', '.woff2': 'empty', '.png': 'dataurl' },
});
copyFileSync(join(here, 'index.html'), join(out, 'index.html'));
