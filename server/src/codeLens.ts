// Code lenses (SPEC §4): on a policy, "selects N workloads"; on a workload, the policies that
// isolate it ("isolated by: …") or "not isolated (ingress/egress)". Clicking peeks the objects
// (client command kubeLabelLint.showReferences).
import type { CodeLens, Location } from 'vscode-languageserver/node';
import type { K8sObject } from '../../engine/src/index';
import type { FileLookup } from './diagnostics';
import type { FileState } from './fileState';
import type { FolderContext } from './folderContext';
import type { PolicyView } from './policyView';
import { toRange } from './positions';
import { SHOW_REFERENCES_COMMAND } from './protocol';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function nameOf(o: K8sObject): string {
  return o.name || o.kind;
}

function names(objs: readonly K8sObject[]): string {
  const list = [...new Set(objs.map(nameOf))];
  return list.length > 3 ? `${list.slice(0, 3).join(', ')} +${list.length - 3}` : list.join(', ');
}

export function codeLenses(ctx: FolderContext, file: FileState, view: PolicyView | undefined, lookup: FileLookup): CodeLens[] {
  if (!view || !file.parsed || file.role !== 'manifest' || !ctx.ready) return [];
  const lines = file.parsed.lines;
  const lenses: CodeLens[] = [];
  const locations = (objs: readonly K8sObject[]): Location[] =>
    objs.flatMap((o) => {
      const target = o.uri === file.key ? { uri: file.uri, lines } : lookup(o.uri);
      return target ? [{ uri: target.uri, range: toRange(target.lines, o.nameRange.start, o.nameRange.end) }] : [];
    });
  for (const obj of file.objects()) {
    const range = toRange(lines, obj.range.start, obj.range.start);
    const lens = (title: string, objs: readonly K8sObject[]) =>
      lenses.push({ range, command: { title, command: objs.length ? SHOW_REFERENCES_COMMAND : '', arguments: objs.length ? [file.uri, range.start, locations(objs)] : undefined } });
    const selected = view.selectedWorkloads(obj, ctx.index, ctx.taxonomyInForce);
    if (selected) lens(`selects ${plural(selected.length, 'workload')}`, selected);
    const iso = view.isolation(obj, ctx.index, ctx.taxonomyInForce);
    if (iso?.hostNetwork) lens('host network: network policies do not apply', []);
    else if (iso) {
      const all = [...new Set([...iso.ingress, ...iso.egress])];
      if (iso.ingress.length && iso.egress.length) lens(`isolated by: ${names(all)}`, all);
      else if (!iso.ingress.length && !iso.egress.length) lens('not isolated (ingress/egress)', []);
      else lens(`isolated by: ${names(all)} (${iso.ingress.length ? 'ingress' : 'egress'} only) · not isolated (${iso.ingress.length ? 'egress' : 'ingress'})`, all);
    }
  }
  return lenses;
}
