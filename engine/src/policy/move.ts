// A policy model moved with its object (an edit earlier in the file, `parse/incremental.ts`):
// every offset shifted (the rules' when first read), instead of parsing the object's YAML
// again. Calico selector ASTs and errors count from the selector's own text, and Kubernetes
// selectors hold no offsets: shared.
import type { K8sObject } from '../model/object';
import { shiftRange, type Range } from '../parse/yamlAccess';
import type { K8sSelectorRef, Policy, PolicyPeer, PolicyPort, PolicyRule, SelectorKeyUse, SelectorRef } from './types';

export function movePolicy(policy: Policy, to: K8sObject, delta: number): Policy {
  const m = new Mover(delta);
  // The rules, most of a policy's offsets, are moved when read: the workspace lookups rebuilt
  // per keystroke read every policy's selectors, few policies' rules.
  const { ingress: ingressBefore, egress: egressBefore, ...rest } = policy;
  let ingress: PolicyRule[] | undefined;
  let egress: PolicyRule[] | undefined;
  const moved: Policy = {
    ...rest,
    obj: to,
    typeRanges: m.sides(policy.typeRanges),
    listKeyRanges: m.sides(policy.listKeyRanges),
    selectors: policy.selectors.map((s) => m.ref(s)),
    get ingress() {
      return (ingress ??= ingressBefore.map((r) => m.rule(r)));
    },
    get egress() {
      return (egress ??= egressBefore.map((r) => m.rule(r)));
    },
  };
  if (policy.selector) moved.selector = m.ref(policy.selector);
  if (policy.namespaceSelector) moved.namespaceSelector = m.ref(policy.namespaceSelector);
  if (policy.serviceAccountSelector) moved.serviceAccountSelector = m.ref(policy.serviceAccountSelector);
  return moved;
}

/** A Service's selector reference moved with its Service. */
export function moveK8sSelectorRef(ref: K8sSelectorRef, delta: number): K8sSelectorRef {
  return new Mover(delta).ref(ref);
}

class Mover {
  /** Each original once: a selector is both in `selectors` and in its field. */
  private readonly copies = new Map<object, object>();

  constructor(private readonly delta: number) {}

  range(r: Range): Range {
    return shiftRange(r, this.delta);
  }

  sides(s: { ingress?: Range; egress?: Range }): { ingress?: Range; egress?: Range } {
    const out: { ingress?: Range; egress?: Range } = { ...s };
    if (s.ingress) out.ingress = this.range(s.ingress);
    if (s.egress) out.egress = this.range(s.egress);
    return out;
  }

  ref<T extends SelectorRef>(ref: T): T {
    let copy = this.copies.get(ref) as T | undefined;
    if (!copy) {
      // The keys (read by the label rules, not by selection) are moved when read.
      const { keys: keysBefore, ...rest } = ref;
      let keys: SelectorKeyUse[] | undefined;
      const moveKey = (k: SelectorKeyUse) => this.key(k);
      copy = {
        ...rest,
        range: this.range(ref.range),
        get keys() {
          return (keys ??= keysBefore.map(moveKey));
        },
      } as unknown as T;
      if (copy.kind === 'calico' && copy.textStart !== undefined) copy.textStart += this.delta;
      this.copies.set(ref, copy);
    }
    return copy;
  }

  key(k: SelectorKeyUse): SelectorKeyUse {
    return { ...k, range: this.range(k.range), values: k.values.map((v) => ({ ...v, range: this.range(v.range) })) };
  }

  port(p: PolicyPort): PolicyPort {
    return { ...p, range: this.range(p.range) };
  }

  peer(p: PolicyPeer): PolicyPeer {
    const out: PolicyPeer = { ...p, range: this.range(p.range) };
    if (p.pods) out.pods = this.ref(p.pods);
    if (p.namespaces) out.namespaces = this.ref(p.namespaces);
    if (p.notPods) out.notPods = this.ref(p.notPods);
    if (p.serviceAccounts?.selector) out.serviceAccounts = { ...p.serviceAccounts, selector: this.ref(p.serviceAccounts.selector) };
    return out;
  }

  rule(r: PolicyRule): PolicyRule {
    const out: PolicyRule = { ...r, range: this.range(r.range) };
    if (r.peers) out.peers = r.peers.map((p) => this.peer(p));
    if (r.ports) out.ports = r.ports.map((p) => this.port(p));
    if (r.notPorts) out.notPorts = r.notPorts.map((p) => this.port(p));
    return out;
  }
}
