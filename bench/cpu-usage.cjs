// Preloaded (`node -r bench/cpu-usage.cjs …`) into the processes the benchmark times: on exit,
// writes the process's CPU time (user + system, all threads) to stderr as one marker line that
// run.mjs reads. CPU time is much less sensitive than wall time to other load on the machine.
'use strict';
process.on('exit', () => {
  const u = process.cpuUsage();
  try {
    require('node:fs').writeSync(2, `\n@@bench-cpu ${JSON.stringify({ userMs: u.user / 1000, systemMs: u.system / 1000 })}\n`);
  } catch {
    // stderr closed
  }
});
