// Shared helpers for the benchmark: guarded child processes, statistics, machine description.
// Plain Node.js ESM, no build step.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

// --- child processes --------------------------------------------------------------------------
// Every child the benchmark starts is registered here and killed by pid on exit, so an aborted
// run (Ctrl-C, exception, timeout) never leaves a server or a CLI behind.
const children = new Set();

export function trackChild(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** SIGKILL one child by its pid, if it still runs. */
export function killChild(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export function killAllChildren() {
  for (const c of [...children]) killChild(c);
}

let cleanupInstalled = false;
export function installCleanup() {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on('exit', killAllChildren);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      killAllChildren();
      process.exit(130);
    });
  }
}

/**
 * Runs a command to completion and measures its wall time (spawn to exit, stdout drained).
 * Killed by pid after timeoutMs. Resolves { ms, cpuMs, code, signal, timedOut, stdout, stderr }
 * (cpuMs when the child preloads bench/cpu-usage.cjs, else null).
 */
export function runTimed(cmd, args, { cwd, timeoutMs = 300_000, env, keepStdout = true } = {}) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let stderr = '';
    const t0 = performance.now();
    const child = trackChild(spawn(cmd, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] }));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killChild(child);
    }, timeoutMs);
    child.stdout.on('data', (b) => {
      if (keepStdout) chunks.push(b);
    });
    child.stderr.on('data', (b) => {
      stderr += b;
      if (stderr.length > 64_000) stderr = stderr.slice(-32_000);
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      const ms = performance.now() - t0;
      clearTimeout(timer);
      // CPU time reported by bench/cpu-usage.cjs when it was preloaded (-r)
      let cpuMs = null;
      const m = /\n@@bench-cpu (\{.*\})\n/.exec(stderr);
      if (m) {
        const u = JSON.parse(m[1]);
        cpuMs = u.userMs + u.systemMs;
        stderr = stderr.replace(m[0], '\n');
      }
      resolve({ ms, cpuMs, code, signal, timedOut, stdout: Buffer.concat(chunks).toString('utf8'), stderr });
    });
  });
}

/** VmRSS / VmHWM of a live process, in KiB (Linux /proc), or null. */
export function procMemory(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k) => {
      const m = new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s);
      return m ? Number(m[1]) : null;
    };
    return { rssKiB: kb('VmRSS'), hwmKiB: kb('VmHWM') };
  } catch {
    return null;
  }
}

/**
 * CPU time (user + system, all threads) a live process has used so far, in ms, from
 * /proc/<pid>/stat (clock ticks: 100 per second on Linux), or null.
 */
export function procCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the command name, which is in parentheses and may contain spaces
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime, stime
  } catch {
    return null;
  }
}

/**
 * CPU accounting for "was anything else running?": the machine's busy CPU time (/proc/stat, all
 * cores) and this process's own plus its reaped children's (/proc/self/stat utime, stime, cutime,
 * cstime), both in ms. The difference between two readings is what other processes used.
 */
export function cpuAccounting() {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal guest guest_nice: busy = all but idle, iowait, guests
    const busy = cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6] + cpu[7];
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const mine = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    return { systemBusyMs: busy * 10, mineMs: mine * 10, wallMs: performance.now() };
  } catch {
    return null;
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// --- statistics -------------------------------------------------------------------------------
/** Nearest-rank percentile (p in 0..100) of the numbers. */
export function percentile(xs, p) {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length - 1, Math.max(0, rank - 1))];
}

export function median(xs) {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function summary(xs) {
  if (!xs.length) return null;
  return {
    n: xs.length,
    min: round(Math.min(...xs)),
    median: round(median(xs)),
    p95: round(percentile(xs, 95)),
    max: round(Math.max(...xs)),
    values: xs.map((x) => round(x)),
  };
}

export const round = (x, d = 1) => (x == null ? x : Math.round(x * 10 ** d) / 10 ** d);

// --- machine ----------------------------------------------------------------------------------
export function machine() {
  const cpus = os.cpus();
  let model = cpus[0]?.model?.trim() ?? 'unknown';
  if (!model || model === 'unknown') {
    try {
      model = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown';
    } catch {
      // not Linux
    }
  }
  return {
    cpu: model,
    cores: cpus.length,
    availableParallelism: os.availableParallelism?.() ?? cpus.length,
    ramGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
  };
}
