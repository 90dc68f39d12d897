// The YAML files of a folder tree (for tests that run over every fixture or the corpus).
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Every `*.yaml` / `*.yml` file under `dir`, sorted; none when the folder is missing. */
export function yamlFilesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile())
    .sort();
}
