#!/usr/bin/env node
// Bundles the VS Code client and the language server, each into one CommonJS file (STYLE §5,
// after vscode-eslint's esbuild.js): client/out/extension.js (`vscode` stays external) and
// server/out/server.js. `--production` minifies and drops source maps (the .vsix build);
// `--watch` rebuilds on change.
import { rmSync } from 'node:fs';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  legalComments: production ? 'none' : 'inline',
  logLevel: 'warning',
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'client/out/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/server.ts'], outfile: 'server/out/server.js' },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('esbuild: watching client and server');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  // No stale source maps next to a production bundle.
  if (production) for (const { outfile } of builds) rmSync(`${outfile}.map`, { force: true });
}
