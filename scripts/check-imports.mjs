#!/usr/bin/env node
// Architecture invariant: engine/ imports neither vscode, the LSP libraries nor Node's IO modules.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const FORBIDDEN = [/^vscode$/, /^vscode-/, /^node:(fs|child_process|net|http|https|worker_threads)/, /^(fs|child_process|net)$/];
const problems = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith('.ts')) {
      const text = readFileSync(p, 'utf8');
      for (const m of text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"]([^'"]+)['"]/g)) {
        if (FORBIDDEN.some((re) => re.test(m[1]))) problems.push(`${p}: imports ${m[1]}`);
      }
    }
  }
}
walk('engine/src');
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('engine imports: ok');
