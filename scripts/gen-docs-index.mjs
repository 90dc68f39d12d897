#!/usr/bin/env node
// Writes docs/rules/index.md (the rule catalog) from the compiled rule registry.
// `--check` fails when the committed file is stale. Run after `tsc` (reads out/).
import { writeOrCheck } from './generatedFile.mjs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { ALL_RULES } = require('../out/engine/src/rules/index.js');
const rows = [...ALL_RULES]
  .sort((a, b) => a.id.localeCompare(b.id))
  .map((r) => `| [\`${r.id}\`](${r.id}.md) | ${r.defaultSeverity} | ${r.description} |`);
const text = `# Rules

Generated from the rule registry by \`scripts/gen-docs-index.mjs\`; do not edit by hand.
Severities can be changed per rule in the taxonomy (\`rules:\`) or the editor setting \`kubeLabelLint.rules\`.

| rule | default severity | what it finds |
|---|---|---|
${rows.join('\n')}
`;
const target = 'docs/rules/index.md';
writeOrCheck(target, text, 'run npm run build (it regenerates it)');
