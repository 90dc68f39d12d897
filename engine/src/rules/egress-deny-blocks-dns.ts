import { createRule, RuleReport } from './rule';
import type { RelatedLocation } from '../types';
import { analysedPolicy, isolates } from '../policy/index';

/** At most this many blocked workloads named in the message and listed as related locations. */
const MAX_LISTED = 5;

const messages = {
  blocksDns:
    'This {{kind}} isolates egress of {{count}} workload(s) ({{workloads}}) that no policy lets reach DNS (kube-dns in kube-system on UDP and TCP 53).',
};

/** A policy isolating egress of pods that no policy lets reach DNS. */
export default createRule({
  id: 'egress-deny-blocks-dns',
  defaultSeverity: 'warning',
  scope: 'workspace',
  description: 'Reports policies that isolate egress of pods which no policy allows to reach DNS (kube-dns in kube-system, UDP and TCP 53).',
  messages,
  *check(obj, { index }): Generator<RuleReport<keyof typeof messages>> {
    const found = analysedPolicy(obj, index);
    if (!found || !isolates(found.policy, 'egress')) return;
    const { policy, analysis } = found;
    const blocked = analysis.selected(policy).filter((pod) => !pod.hostNetwork && !analysis.reachesDns(pod));
    if (blocked.length === 0) return;
    const listed = blocked.slice(0, MAX_LISTED);
    const workloads = listed.map((p) => `${p.namespace}/${p.name}`).join(', ') + (blocked.length > MAX_LISTED ? ', …' : '');
    const related: RelatedLocation[] = listed.flatMap((p) =>
      p.obj ? [{ uri: p.obj.uri, start: p.obj.nameRange.start, end: p.obj.nameRange.end, message: `${p.kind} ${p.namespace}/${p.name} cannot resolve names` }] : [],
    );
    const range = policy.typeRanges.egress ?? policy.listKeyRanges.egress ?? obj.nameRange;
    yield {
      messageId: 'blocksDns',
      data: { kind: obj.kind, count: blocked.length, workloads, namespace: policy.namespace ?? '' },
      start: range.start,
      end: range.end,
      related,
    };
  },
});
