// The file walk shared by parse-floor.mjs and hold-docs.mjs: every *.yaml file below a folder
// (recursively, sorted by name, skipping node_modules and .git, not following symlinks).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export function yamlFiles(dir) {
  const out = [];
  const walk = (d) => {
    const entries = readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && e.name !== '.git') walk(join(d, e.name));
      } else if (e.isFile() && e.name.endsWith('.yaml')) out.push(join(d, e.name));
    }
  };
  walk(dir);
  return out;
}
