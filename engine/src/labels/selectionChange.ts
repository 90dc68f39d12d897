// Would changing an object's labels change what some selector of the workspace selects?
// Used to decide whether a label rename or removal is a *safe* fix (SPEC §2 "Fixes").
//
// Two tiers, both conservative:
// - selectors the engine models exactly are evaluated against the labels before and after,
//   requirement by requirement (a change in any requirement counts, even when the selector as a
//   whole selects the object neither before nor after):
//   Service `spec.selector`, workload `spec.selector`, PodDisruptionBudget `spec.selector`,
//   Kubernetes NetworkPolicy `podSelector` and peers (`podSelector`, `namespaceSelector`), Calico
//   (Global)NetworkPolicy `selector`, `namespaceSelector`, `serviceAccountSelector` and rule
//   `selector`/`notSelector`/`namespaceSelector`/`serviceAccounts.selector` (staged kinds too),
//   and the pod (anti-)affinity and topology spread `labelSelector`s of pod specs;
// - any other selector-like field of any object (a key ending in `selector`/`Selector`,
//   `matchLabels`, `matchExpressions`: ServiceMonitor, Istio `selector`, a CRD's fields, …) that mentions a changed key counts as a change, whatever it selects.
import type { Document } from 'yaml';
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { K8sObject, LabelBlock } from '../model/object';
import { podTemplatePath } from '../model/object';
import { AnyNode, deref, keyString, mapGet, mapPairs, mapPath, seqItems, stringValue, toPlainData } from '../parse/yamlAccess';
import type { WorkspaceIndex } from '../workspace/index';
import { K8sLabelSelectorRequirement, matchesLabelSelector, toK8sLabelSelector } from '../selectors/labelSelector';
import { CalicoNode, evaluateCalico, parseCalicoSelector } from '../selectors/calico';
import type { LabelSet } from '../selectors/labels';
import { isPodLabels } from './blocks';
import { positionFreeCache } from '../model/objectCache';
import type { SelectorUse, SelectorUses } from '../model/detachedFacts';

type Target = 'pod' | 'namespace' | 'serviceaccount';

/**
 * One requirement of a modeled selector (a matchLabels entry or expression; a Calico comparison
 * or has()): it reads one label key. A change alters selection when it flips the truth of any
 * requirement. Comparing requirements rather than whole selectors also catches a rename that
 * breaks one requirement of a selector that another requirement already fails (a workload whose
 * selector does not match its template yet).
 */
type ModeledRequirement = {
  /** The namespace whose objects it can select; undefined = every namespace. */
  namespace?: string;
} & Requirement;

/** Plain data, evaluated only for the changed keys (the catalog is built over the whole workspace). */
type Requirement = { equals: string } | { expression: K8sLabelSelectorRequirement } | { calico: CalicoNode };

function holds(req: Requirement, key: string, labels: LabelSet): boolean {
  if ('equals' in req) return matchesLabelSelector({ matchLabels: { [key]: req.equals }, matchExpressions: [] }, labels);
  if ('expression' in req) return matchesLabelSelector({ matchLabels: {}, matchExpressions: [req.expression] }, labels);
  return evaluateCalico(req.calico, labels);
}

type OtherMentions = Pick<SelectorCatalog, 'otherKeys' | 'otherTexts'>;

export interface SelectorCatalog {
  /** By target and the key they read (`requirementKey`): only the changed keys' requirements are evaluated. */
  requirements: Map<string, ModeledRequirement[]>;
  /** Keys mentioned by selector-like fields that are not modeled. */
  otherKeys: Set<string>;
  /** String values of those fields, searched for keys written inside expressions. */
  otherTexts: string[];
}

const CALICO_GROUPS = /^(crd\.)?projectcalico\.org\//;

export function labelChangeAltersSelection(
  index: WorkspaceIndex,
  obj: K8sObject,
  block: LabelBlock,
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
): boolean {
  const changed = new Set<string>();
  for (const [k, v] of before) if (after.get(k) !== v) changed.add(k);
  for (const [k, v] of after) if (before.get(k) !== v) changed.add(k);
  if (changed.size === 0) return false;
  const catalog = index.derive('labels/selectionChange', buildCatalog);
  for (const key of changed) {
    if (catalog.otherKeys.has(key)) return true;
    if (catalog.otherTexts.some((t) => mentionsKey(t, key))) return true;
  }
  const target: Target | undefined = isPodLabels(obj, block)
    ? 'pod'
    : obj.kind === 'Namespace'
      ? 'namespace'
      : obj.kind === 'ServiceAccount'
        ? 'serviceaccount'
        : undefined;
  if (!target) return false;
  const namespace = target === 'namespace' ? obj.name : obj.namespace;
  const withAutomatic = (labels: ReadonlyMap<string, string>): Map<string, string> => {
    const out = new Map(labels);
    if (target === 'pod') {
      out.set('projectcalico.org/namespace', namespace);
      out.set('projectcalico.org/orchestrator', 'k8s');
    } else if (target === 'namespace') {
      out.set('kubernetes.io/metadata.name', namespace);
      out.set('projectcalico.org/name', namespace);
    }
    return out;
  };
  const b = withAutomatic(before);
  const a = withAutomatic(after);
  for (const key of changed) {
    for (const req of catalog.requirements.get(requirementKey(target, key)) ?? []) {
      if (req.namespace !== undefined && req.namespace !== namespace) continue;
      if (holds(req, key, b) !== holds(req, key, a)) return true;
    }
  }
  return false;
}

const requirementKey = (target: Target, key: string) => `${target}\u0000${key}`;

/** `key` written as a whole label key inside a selector expression (Calico-like syntax). */
function mentionsKey(text: string, key: string): boolean {
  for (let at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + 1)) {
    const prev = at > 0 ? text[at - 1] : ' ';
    const next = at + key.length < text.length ? text[at + key.length] : ' ';
    if (!/[A-Za-z0-9_./-]/.test(prev) && !/[A-Za-z0-9_./-]/.test(next)) return true;
  }
  return false;
}

function buildCatalog(index: WorkspaceIndex): SelectorCatalog {
  const catalog: SelectorCatalog = { requirements: new Map(), otherKeys: new Set(), otherTexts: [] };
  for (const obj of index.objects()) {
    const uses = selectorsOf(obj);
    for (const use of uses.selectors) {
      const add = (key: string, requirement: Requirement) => {
        const at = requirementKey(use.target, key);
        const req: ModeledRequirement = { namespace: use.namespace, ...requirement };
        const list = catalog.requirements.get(at);
        if (list) list.push(req);
        else catalog.requirements.set(at, [req]);
      };
      if (use.k8s) {
        for (const key in use.k8s.matchLabels) add(key, { equals: use.k8s.matchLabels[key] });
        for (const expression of use.k8s.matchExpressions) add(expression.key, { expression });
      } else if (use.calico !== undefined) {
        for (const leaf of calicoLeaves(use.calico)) add(leaf.key, { calico: leaf });
      }
    }
    for (const key of uses.otherKeys) catalog.otherKeys.add(key);
    catalog.otherTexts.push(...uses.otherTexts);
  }
  return catalog;
}

/** The selectors an object writes, read once per object (a closed file's tree is dropped after; a detached copy carries them). */
const usesCache = positionFreeCache<SelectorUses>();

/** A detached object's selectors, read where it had its tree (`model/detach.ts`). */
export function seedSelectorUses(obj: K8sObject, uses: SelectorUses): void {
  usesCache.set(obj, uses);
}

/** The selectors an object writes, as plain data. */
export function selectorsOf(obj: K8sObject): SelectorUses {
  let uses = usesCache.get(obj);
  if (!uses) {
    uses = scanSelectorUses(obj);
    usesCache.set(obj, uses);
  }
  return uses;
}

function scanSelectorUses(obj: K8sObject): SelectorUses {
  const uses: SelectorUses = { selectors: [], otherKeys: [], otherTexts: [] };
  const modeled = new Set<unknown>();
  collectModeled(obj, uses.selectors, modeled);
  const other = { otherKeys: new Set<string>(), otherTexts: uses.otherTexts };
  scanOtherSelectors(obj.node, obj.doc, modeled, other, new Set());
  uses.otherKeys = [...other.otherKeys];
  return uses;
}

type SelectorSpec = Pick<SelectorUse, 'k8s' | 'calico'>;

function k8sSelector(node: AnyNode, doc: Document): SelectorSpec | undefined {
  const sel = toK8sLabelSelector(toPlainData(node, doc));
  return sel ? { k8s: sel } : undefined;
}

/** A plain `key: value` map selector (Service, ReplicationController): empty or absent selects nothing here. */
function mapSelector(node: AnyNode, doc: Document): SelectorSpec | undefined {
  const raw = toPlainData(node, doc);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw) || Object.keys(raw).length === 0) return undefined;
  const sel = toK8sLabelSelector({ matchLabels: raw });
  return sel ? { k8s: sel } : undefined;
}

function calicoSelector(node: AnyNode): SelectorSpec | undefined {
  const text = stringValue(node);
  return text === undefined ? undefined : { calico: text };
}

/** The comparisons and has() of a Calico selector: each reads one key. */
function calicoLeaves(text: string): (CalicoNode & { key: string })[] {
  const parsed = parseCalicoSelector(text);
  // A selector that does not parse is rejected by Calico: it selects nothing.
  if (!parsed.ok) return [];
  const leaves: (CalicoNode & { key: string })[] = [];
  const visit = (n: CalicoNode): void => {
    if (n.kind === 'not') visit(n.operand);
    else if (n.kind === 'and' || n.kind === 'or') n.operands.forEach(visit);
    else if (n.kind === 'has' || n.kind === 'compare' || n.kind === 'set') leaves.push(n);
  };
  visit(parsed.ast.root);
  return leaves;
}

function collectModeled(obj: K8sObject, out: SelectorUse[], modeled: Set<unknown>): void {
  const { doc, node, namespace, kind } = obj;
  const spec = mapGet(node, 'spec', doc);
  const add: AddSelector = (target, ns, selNode, spec) => {
    if (!selNode) return;
    modeled.add(selNode);
    if (spec) out.push({ target, namespace: ns, ...spec });
  };
  const calico = CALICO_GROUPS.test(obj.apiVersion);
  if (kind === 'Service' && !calico) {
    const sel = mapGet(spec, 'selector', doc);
    add('pod', namespace, sel, mapSelector(sel, doc));
    return;
  }
  if (kind === 'PodDisruptionBudget') {
    const sel = mapGet(spec, 'selector', doc);
    add('pod', namespace, sel, k8sSelector(sel, doc));
    return;
  }
  const templatePath = podTemplatePath(kind);
  if (templatePath) {
    const parent = templatePath.slice(0, -1);
    let at: AnyNode = node;
    for (const key of parent) at = mapGet(at, key, doc);
    const sel = mapGet(at, 'selector', doc);
    add('pod', namespace, sel, kind === 'ReplicationController' ? mapSelector(sel, doc) : k8sSelector(sel, doc));
    collectPodSpec(mapPath(node, [...templatePath, 'spec'], doc), obj, add);
    return;
  }
  if (kind === 'Pod') {
    collectPodSpec(spec, obj, add);
    return;
  }
  if ((kind === 'NetworkPolicy' && !calico) || kind === 'StagedKubernetesNetworkPolicy') {
    const podSel = mapGet(spec, 'podSelector', doc);
    add('pod', namespace, podSel, k8sSelector(podSel, doc));
    for (const [dir, peersKey] of [
      ['ingress', 'from'],
      ['egress', 'to'],
    ] as const) {
      for (const rule of seqItems(mapGet(spec, dir, doc), doc)) {
        for (const peer of seqItems(mapGet(rule, peersKey, doc), doc)) {
          const nsSel = mapGet(peer, 'namespaceSelector', doc);
          const pSel = mapGet(peer, 'podSelector', doc);
          add('namespace', undefined, nsSel, k8sSelector(nsSel, doc));
          add('pod', nsSel ? undefined : namespace, pSel, k8sSelector(pSel, doc));
        }
      }
    }
    return;
  }
  if (calico && /^(Staged)?(Global)?NetworkPolicy$/.test(kind)) {
    const global = kind.includes('Global');
    const policyNs = global ? undefined : namespace;
    const sel = mapGet(spec, 'selector', doc);
    add('pod', policyNs, sel, calicoSelector(sel));
    const nsSel = mapGet(spec, 'namespaceSelector', doc);
    add('namespace', undefined, nsSel, calicoSelector(nsSel));
    const saSel = mapGet(spec, 'serviceAccountSelector', doc);
    add('serviceaccount', policyNs, saSel, calicoSelector(saSel));
    for (const dir of ['ingress', 'egress']) {
      for (const rule of seqItems(mapGet(spec, dir, doc), doc)) {
        for (const side of ['source', 'destination']) {
          const entity = mapGet(rule, side, doc);
          if (!entity) continue;
          const ruleNsSel = mapGet(entity, 'namespaceSelector', doc);
          const scope = global || ruleNsSel ? undefined : namespace;
          for (const field of ['selector', 'notSelector']) {
            const s = mapGet(entity, field, doc);
            add('pod', scope, s, calicoSelector(s));
          }
          add('namespace', undefined, ruleNsSel, calicoSelector(ruleNsSel));
          const saRuleSel = mapGet(mapGet(entity, 'serviceAccounts', doc), 'selector', doc);
          add('serviceaccount', scope, saRuleSel, calicoSelector(saRuleSel));
        }
      }
    }
  }
}

type AddSelector = (target: Target, ns: string | undefined, selNode: AnyNode, spec: SelectorSpec | undefined) => void;

/** Pod (anti-)affinity terms and topology spread constraints select pods too. */
function collectPodSpec(podSpec: AnyNode, obj: K8sObject, add: AddSelector): void {
  const { doc, namespace } = obj;
  const affinity = mapGet(podSpec, 'affinity', doc);
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const aff = mapGet(affinity, kind, doc);
    const terms = [
      ...seqItems(mapGet(aff, 'requiredDuringSchedulingIgnoredDuringExecution', doc), doc),
      ...seqItems(mapGet(aff, 'preferredDuringSchedulingIgnoredDuringExecution', doc), doc).map((w) => mapGet(w, 'podAffinityTerm', doc)),
    ];
    for (const term of terms) {
      // `namespaces` or `namespaceSelector` widen the term beyond the pod's own namespace.
      const widened = mapGet(term, 'namespaces', doc) !== undefined || mapGet(term, 'namespaceSelector', doc) !== undefined;
      const sel = mapGet(term, 'labelSelector', doc);
      add('pod', widened ? undefined : namespace, sel, k8sSelector(sel, doc));
    }
  }
  for (const constraint of seqItems(mapGet(podSpec, 'topologySpreadConstraints', doc), doc)) {
    const sel = mapGet(constraint, 'labelSelector', doc);
    add('pod', namespace, sel, k8sSelector(sel, doc));
  }
}

const SELECTOR_FIELD = /(selector|^matchLabels|^matchExpressions)$/i;

/** Records the keys mentioned by selector-like fields that `collectModeled` did not take. */
function scanOtherSelectors(node: AnyNode, doc: Document, modeled: Set<unknown>, out: OtherMentions, seen: Set<unknown>): void {
  const n = deref(node, doc);
  if (!n || seen.has(n) || modeled.has(n)) return;
  seen.add(n);
  if (isMap(n)) {
    for (const { pair } of mapPairs(n, doc)) {
      const key = keyString(pair.key);
      if (key === 'labels' || key === 'annotations') continue;
      const value = deref(pair.value, doc);
      if (key !== undefined && SELECTOR_FIELD.test(key) && !modeled.has(value)) collectMentions(value, doc, out, new Set());
      else scanOtherSelectors(value, doc, modeled, out, seen);
    }
  } else if (isSeq(n)) {
    for (const item of n.items) scanOtherSelectors(item as AnyNode, doc, modeled, out, seen);
  }
}

function collectMentions(node: AnyNode, doc: Document, out: OtherMentions, seen: Set<unknown>): void {
  const n = deref(node, doc);
  if (!n || seen.has(n)) return;
  seen.add(n);
  if (isScalar(n)) {
    // A value may be a key (`matchExpressions[].key`) or an expression that names keys.
    if (typeof n.value === 'string') out.otherTexts.push(n.value);
  } else if (isMap(n)) {
    for (const { pair } of mapPairs(n, doc)) {
      const key = keyString(pair.key);
      if (key !== undefined) out.otherKeys.add(key);
      collectMentions(pair.value as AnyNode, doc, out, seen);
    }
  } else if (isSeq(n)) {
    for (const item of n.items) collectMentions((isPair(item) ? item.value : item) as AnyNode, doc, out, seen);
  }
}
