'use strict';
// extensionTestsPath entry point, shared by run-code-server.js and run-electron.js.
// Exports run(): resolves when all tests pass, rejects otherwise. Writes {"passed","failed"} to
// $KLL_E2E_RESULTS when set, so the runner can print "N passed, N failed" and catch empty runs.
const fs = require('fs');
const path = require('path');

exports.run = () => new Promise((resolve, reject) => {
  // The harness passes its own mocha's folder, so suites need not depend on mocha themselves.
  const Mocha = require(process.env.KLL_E2E_MOCHA || 'mocha');
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30000, reporter: 'spec' });
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
