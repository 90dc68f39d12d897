#!/usr/bin/env node
'use strict';
// Run a command that MUST fail the way a failing test fails, and invert the result:
//   node expect-fail.js [--code 1] [--output "1 failing"] <command> [args...]
// Exits 0 only when the command exits with --code (default 1: the suite's failure code, not a
// harness error 2 or timeout 3) and, if given, its output contains every --output string.
const { spawn } = require('child_process');

const argv = process.argv.slice(2);
let want = 1;
const needles = [];
while (argv[0] && argv[0].startsWith('--')) {
  const flag = argv.shift();
  if (flag === '--code') want = Number(argv.shift());
  else if (flag === '--output') needles.push(argv.shift());
  else { console.error(`expect-fail: unknown flag ${flag}`); process.exit(2); }
}
if (!argv.length) { console.error('usage: expect-fail.js [--code N] [--output TEXT]... <command> [args...]'); process.exit(2); }

const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
let out = '';
child.stdout.on('data', (c) => { out += c; process.stdout.write(c); });
child.stderr.on('data', (c) => { out += c; process.stderr.write(c); });
const forward = (sig) => { try { child.kill(sig); } catch { /* gone */ } };
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
child.on('exit', (code, signal) => {
  const missing = needles.filter((n) => !out.includes(n));
  if (code === want && !missing.length) {
    console.log(`expect-fail: OK, the command failed as expected (exit ${code})`);
    process.exit(0);
  }
  console.error(`expect-fail: FAILED: wanted exit ${want}, got ${signal ? `signal ${signal}` : code}` +
    (missing.length ? `; output lacks ${JSON.stringify(missing)}` : ''));
  process.exit(1);
});
