#!/usr/bin/env node
// The `kube-label-lint` command: runs the bundled CLI (`npm run build` writes cli/out/main.js).
'use strict';
const { main } = require('../cli/out/main.js');

// `kube-label-lint … | head`: a reader that stops early is not an error of ours.
process.stdout.on('error', (error) => {
  if (error && error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    // Set the exit code and let Node exit on its own, so piped stdout is never cut short.
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`kube-label-lint: internal error: ${(error && error.stack) || error}\n`);
    process.exitCode = 2;
  },
);
