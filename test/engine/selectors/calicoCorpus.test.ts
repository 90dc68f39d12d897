// Every Calico selector in the tigera/docs and projectcalico/calico corpora must parse.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { parseCalicoSelector } from '../../../engine/src/selectors/calico';

// Selector-valued string fields of projectcalico.org/v3 (and crd.projectcalico.org/v1) objects.
const SELECTOR_FIELDS = new Set(['selector', 'notSelector', 'namespaceSelector', 'serviceAccountSelector', 'nodeSelector', 'peerSelector']);
const CALICO_API_VERSIONS = new Set(['projectcalico.org/v3', 'crd.projectcalico.org/v1']);
// Selectors in the corpora that libcalico-go rejects too, with why. None found so far.
const KNOWN_INVALID = new Map<string, string>();

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yamlFiles(full, out);
    else if (/\.ya?ml$/.test(entry.name)) out.push(full);
  }
  return out;
}

function collectSelectors(value: unknown, out: { field: string; text: string }[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectSelectors(item, out);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (SELECTOR_FIELDS.has(key) && typeof child === 'string') out.push({ field: key, text: child });
      else collectSelectors(child, out);
    }
  }
}

describe('corpus selectors', () => {
  const corpus = path.resolve('../shared/corpus');
  const roots = ['tigera__docs', 'projectcalico__calico'].map((name) => path.join(corpus, name));
  const present = roots.every((root) => fs.existsSync(root));
  it('every Calico selector in tigera/docs and projectcalico/calico parses', { skip: present ? false : 'corpus not found' }, () => {
    let count = 0;
    const failures: string[] = [];
    for (const root of roots) {
      for (const file of yamlFiles(root)) {
        const docs = parseAllDocuments(fs.readFileSync(file, 'utf8'));
        if (!Array.isArray(docs)) continue;
        for (const doc of docs) {
          if (doc.errors.length > 0) continue;
          const object = doc.toJS() as { apiVersion?: unknown } | null;
          if (!object || typeof object !== 'object' || !CALICO_API_VERSIONS.has(String(object.apiVersion))) continue;
          const found: { field: string; text: string }[] = [];
          collectSelectors(object, found);
          for (const { field, text } of found) {
            count++;
            const result = parseCalicoSelector(text, { allowGlobal: field === 'namespaceSelector' });
            if (!result.ok && !KNOWN_INVALID.has(text)) {
              failures.push(`${path.relative(corpus, file)} ${field}: ${JSON.stringify(text)}: ${result.error.message}`);
            }
          }
        }
      }
    }
    assert.deepEqual(failures, []);
    assert.ok(count > 100, `expected many selectors, found ${count}`);
  });
});
