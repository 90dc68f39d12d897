// Policy analysis: the model of Kubernetes and Calico network policies, the workspace lookups
// built on it, and the questions the policy rules (and later the generator and the connectivity
// view) ask. Pure: reads K8sObjects and the WorkspaceIndex, never files.
export * from './types';
export { isCalicoApiVersion, isCalicoPolicy, isKubernetesNetworkPolicy, isPolicyObject, policyOf, CALICO_POLICY_KINDS } from './parse';
export { calicoProtocolName } from './parseCalico';
export { contentRange, calicoSelectorRef, k8sSelectorRef, mapSelectorRef, trimRange } from './selectorRefs';
export {
  policyWorkspace,
  PolicyWorkspace,
  PodInfo,
  NamespaceInfo,
  OtherEndpoint,
  calicoPodLabels,
  NAMESPACE_NAME_LABEL,
  CALICO_NAME_LABEL,
  CALICO_NAMESPACE_LABEL,
  CALICO_ORCHESTRATOR_LABEL,
  CALICO_SERVICE_ACCOUNT_LABEL,
} from './workspace';
export {
  selectsEverything,
  selectorMatches,
  podMatches,
  podsSelectedBy,
  namespacesSelectedBy,
  namespaceMatches,
  podsSelectedByPolicy,
  peerCoversEverything,
  peerMatchesPod,
  podsOfPeer,
  serviceSelector,
  serviceSpec,
} from './selection';
export { isAllowRule, isAllowAllRule, portsUnrestricted, ruleCoversEveryPeer, ruleAllowsPort, resolveNamedPort } from './ports';
export { policyAnalysis, analysedPolicy, PolicyAnalysis, DNS_NAMESPACE, DNS_LABELS } from './analysis';
export { calicoPolicyProblems, FieldProblem, isValidCidr, isValidPortName } from './calicoValidate';
