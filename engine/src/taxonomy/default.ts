// The embedded taxonomy (SPEC §1), in force where no taxonomy file exists, and the defaults that
// a taxonomy file inherits for what it leaves out.
import { WORKLOAD_KINDS, type LabelSpec, type PolicySettings, type Taxonomy } from './types';

export const DEFAULT_ALLOW_PREFIXES: readonly string[] = ['kubernetes.io/', 'k8s.io/', 'helm.sh/', 'projectcalico.org/'];

export const DEFAULT_POLICY: PolicySettings = {
  requireDefaultDeny: true,
  requireDnsEgress: true,
  identityLabels: ['app.kubernetes.io/name'],
};

// The Kubernetes recommended labels, described as in the Kubernetes documentation.
const RECOMMENDED_LABELS: LabelSpec[] = [
  { key: 'app.kubernetes.io/name', description: 'The name of the application (e.g. `mysql`).', required: { kinds: WORKLOAD_KINDS } },
  { key: 'app.kubernetes.io/instance', description: 'A unique name identifying the instance of an application (e.g. `mysql-abcxyz`).' },
  { key: 'app.kubernetes.io/version', description: 'The current version of the application (e.g. a SemVer `5.7.21` or a revision hash).' },
  { key: 'app.kubernetes.io/component', description: 'The component within the architecture (e.g. `database`).' },
  { key: 'app.kubernetes.io/part-of', description: 'The name of a higher-level application this one is part of (e.g. `wordpress`).' },
  { key: 'app.kubernetes.io/managed-by', description: 'The tool being used to manage the operation of an application (e.g. `Helm`).' },
];

export const DEFAULT_TAXONOMY: Taxonomy = {
  uri: undefined,
  unknownLabels: 'allow',
  allowPrefixes: DEFAULT_ALLOW_PREFIXES,
  labels: new Map(RECOMMENDED_LABELS.map((spec) => [spec.key, spec])),
  policy: DEFAULT_POLICY,
  rules: {},
};
