#!/usr/bin/env node
// Bundles the VS Code client and the language server, each into one CommonJS file (STYLE §5,
// after vscode-eslint's esbuild.js): client/out/extension.js (`vscode` stays external) and
// server/out/main.js, started by the small server/out/server.js (through a V8 code cache); the
// CLI into cli/out/main.js (and its lint worker, cli/out/lintWorker.js); and
// the connectivity webview's script with its layout library (elkjs) into one browser script,
// media/connectivity/out/view.js, next to the library's licence notice.
// `--production` minifies and drops source maps (the .vsix build); `--watch` rebuilds on change.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

const elkjs = JSON.parse(readFileSync('node_modules/elkjs/package.json', 'utf8'));

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'client/out/extension.js', external: ['vscode'] },
  // yaml's ES module build (the same code as its CommonJS one): bundled as ES modules, its
  // functions are called directly, where the CommonJS build is reached through an accessor per
  // export and per call (measured: about 3% of the keystroke path), and it loads faster.
  { ...common, entryPoints: ['server/src/server.ts'], outfile: 'server/out/main.js', alias: { yaml: './node_modules/yaml/browser/index.js' } },
  // The server's entry: runs main.js through a V8 code cache (server/src/codeCache.ts).
  { ...common, entryPoints: ['server/src/start.ts'], outfile: 'server/out/server.js' },
  // The CLI (bin/kube-label-lint.js) and its lint worker: one file each loads in a third of the
  // time the ~190 compiled modules under out/ take (module resolution and reads).
  {
    ...common,
    entryPoints: { main: 'cli/src/main.ts', lintWorker: 'cli/src/parallel/lintWorker.ts' },
    outdir: 'cli/out',
    alias: { yaml: './node_modules/yaml/browser/index.js' },
  },
  {
    ...common,
    entryPoints: ['media/connectivity/src/view.js'],
    outfile: 'media/connectivity/out/view.js',
    platform: 'browser',
    format: 'iife',
    // VS Code 1.100's webviews run Chromium 132.
    target: 'chrome120',
    // esbuild drops elkjs's file headers; EPL-2.0 §3 wants its copyright notice kept.
    banner: { js: `/*! Bundles elkjs ${elkjs.version}, Copyright (c) 2017, 2021 Kiel University and others, under the Eclipse Public License 2.0: see THIRD-PARTY-NOTICES.md beside this file. */` },
  },
];

/**
 * media/connectivity/out/THIRD-PARTY-NOTICES.md: what the webview bundle contains from elsewhere,
 * written from the installed package so that the notice always names the bundled version.
 * EPL-2.0 §3 asks for the licence text, the copyright notices and where the source is.
 */
function writeWebviewNotices() {
  const license = readFileSync('node_modules/elkjs/LICENSE.md', 'utf8');
  const repository = String(elkjs.repository?.url ?? elkjs.repository ?? '').replace(/^git\+/, '').replace(/\.git$/, '');
  const notice = [
    '# Third-party software in the connectivity view',
    '',
    '`media/connectivity/out/view.js` bundles, unmodified:',
    '',
    `## elkjs ${elkjs.version}`,
    '',
    '- Copyright (c) 2017, 2021 Kiel University and others.',
    `- Licence: ${elkjs.license}; used here under the Eclipse Public License 2.0, whose text follows.`,
    `- Source code: ${repository} (release ${elkjs.version}), and the npm package elkjs@${elkjs.version}.`,
    '',
    '---',
    '',
    license.trim(),
    '',
  ].join('\n');
  mkdirSync('media/connectivity/out', { recursive: true });
  writeFileSync('media/connectivity/out/THIRD-PARTY-NOTICES.md', notice);
}

writeWebviewNotices();
if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('esbuild: watching client, server and webview');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  // No stale source maps next to a production bundle.
  if (production) for (const { outfile } of builds) rmSync(`${outfile}.map`, { force: true });
}
