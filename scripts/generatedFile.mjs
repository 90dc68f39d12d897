// Shared by the scripts that write generated files (gen-rule-index, gen-docs-index,
// gen-schema-validator): write `text` to `target` when it differs, or with `--check` exit 1 when
// the committed file is stale, naming `howToRegenerate`.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export function writeOrCheck(target, text, howToRegenerate) {
  const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
  if (process.argv.includes('--check')) {
    if (current !== text) {
      console.error(`${target} is stale: ${howToRegenerate}`);
      process.exit(1);
    }
  } else if (current !== text) {
    writeFileSync(target, text);
  }
}
