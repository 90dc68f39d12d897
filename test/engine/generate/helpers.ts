// Shared by the generator tests: workspaces read from folders (in place), taxonomies, indexes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CORPUS_DIR, GEN_WORKSPACE } from '../../sharedPaths';
import { parseManifestFile } from '../../../engine/src/parse/manifestFile';
import { WorkspaceIndex } from '../../../engine/src/workspace/index';
import { loadTaxonomy } from '../../../engine/src/taxonomy/load';
import type { Taxonomy } from '../../../engine/src/taxonomy/types';
import type { SourceText } from '../../../engine/src/index';

export const REPO = path.resolve('.');
export const DEMO = path.join(CORPUS_DIR, 'GoogleCloudPlatform__microservices-demo', 'kubernetes-manifests');
export const SHOP = path.join(REPO, 'test', 'fixtures', 'generate', 'shop');
export { GEN_WORKSPACE };

/** Every `*.yaml`/`*.yml` under `dir` (recursively, sorted) except taxonomy files. */
export function readSources(dir: string): SourceText[] {
  const out: SourceText[] = [];
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (fs.statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(name) && !/label-taxonomy/.test(name)) out.push({ uri: p, text: fs.readFileSync(p, 'utf8') });
    }
  };
  walk(dir);
  return out;
}

export function indexOf(sources: readonly SourceText[], defaultNamespace?: string): WorkspaceIndex {
  const index = new WorkspaceIndex();
  for (const s of sources) {
    const file = parseManifestFile(s.uri, s.text, { defaultNamespace });
    index.setFile(s.uri, file.documents.flatMap((d) => d.objects));
  }
  return index;
}

export function taxonomyAt(file: string): Taxonomy {
  const result = loadTaxonomy(file, fs.readFileSync(file, 'utf8'), (uri) => (fs.existsSync(uri) ? fs.readFileSync(uri, 'utf8') : undefined));
  if (!result.taxonomy) throw new Error(`taxonomy ${file}: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.taxonomy;
}

export function demoAvailable(): boolean {
  return fs.existsSync(DEMO);
}
