'use strict';
// extensionTestsPath entry point of the kube-label-lint end-to-end suite, shared by
// test/e2e/run-code-server.js (code-server + Chromium) and test/e2e/run-electron.js
// (@vscode/test-electron). Runs every *.test.js of this folder in name order with mocha (bdd),
// writes {"passed","failed","pending"} to $KLL_E2E_RESULTS for the runner's closing line.
//
// Environment: KLL_E2E_GREP=<regexp> runs only the matching tests; KLL_E2E_ALLOW_PENDING=1 marks
// tests of features that are not there yet as pending instead of failed; KLL_E2E_WAIT_MS changes
// the 60 s limit of each wait for diagnostics, editors or files.
const fs = require('fs');
const path = require('path');

exports.run = () => new Promise((resolve, reject) => {
  // The harness passes its own mocha's folder, so the extension need not depend on mocha.
  const Mocha = require(process.env.KLL_E2E_MOCHA || 'mocha');
  const { ready, closeAllEditors } = require('./helpers');
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 180000, reporter: 'spec' });
  if (process.env.KLL_E2E_GREP) mocha.grep(new RegExp(process.env.KLL_E2E_GREP));
  mocha.rootHooks({
    async beforeAll() {
      this.timeout(180000);
      await ready();
      await closeAllEditors();
    },
    async afterEach() {
      this.timeout(60000);
      await closeAllEditors();
    },
  });
  for (const f of fs.readdirSync(__dirname).filter((n) => n.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, f));
  }
  try {
    const runner = mocha.run((failures) => {
      const stats = runner.stats || {};
      if (process.env.KLL_E2E_RESULTS) {
        try {
          fs.writeFileSync(process.env.KLL_E2E_RESULTS, JSON.stringify({
            passed: stats.passes || 0, failed: failures, pending: stats.pending || 0,
          }));
        } catch (e) { console.error('could not write results:', e); }
      }
      if (failures) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
  } catch (e) {
    reject(e);
  }
});
