// Connectivity (SPEC §3 `connectivity`): which workloads may connect to which under the
// workspace's Kubernetes and Calico policies, with the staged policies' diff. Pure: reads the
// WorkspaceIndex (through the policy model), returns data; the JSON shape and text renderings
// are shared by the CLI, the language server and the webview.
export {
  connectivityModel,
  ConnectivityModel,
  ConnectivityNode,
  ConnectivityEdge,
  EndpointType,
  EvaluationMode,
  RuleRef,
  StagedChange,
  Verdict,
  OUTSIDE_ID,
  KUBE_DNS_ID,
} from './model';
export {
  connectivityJson,
  edgeTouches,
  ConnectivityJson,
  NodeJson,
  EdgeJson,
  DecidedByJson,
  JsonOptions,
  LocationJson,
  LspRange,
  PortsJson,
} from './json';
export { connectivityTable, connectivityDot, connectivityMermaid } from './render';
export {
  PortSet,
  PortEntry,
  ALL as ALL_PORTS,
  NONE as NO_PORTS,
  isAll,
  isEmpty,
  contains,
  union,
  intersect,
  subtract,
  equals,
  protocolPorts,
  toPortList,
  formatPorts,
  formatPortEntry,
} from './portSet';
