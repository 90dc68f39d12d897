// Policy generation and label inventory (SPEC §3 `generate`/`inventory`, §5). Pure: reads the
// workspace index and a taxonomy, returns data and YAML text.
export { findHostReferences, isAddressName, HostReference, ReferenceForm, SCHEME_PORTS } from './references';
export { inferEdges, Edge, EdgeGraph, Evidence, ServiceRef, Unresolved, WorkloadRef, OUTSIDE, workloadKey, workloadRef } from './edges';
export {
  generateForWorkload,
  generateForNamespace,
  findWorkload,
  findWorkloadAt,
  listWorkloads,
  suggestWorkloads,
  identityLabels,
  UnknownWorkloadError,
  WorkloadId,
  GenerateResult,
  GenerateOptions,
} from './policies';
export { PolicyFlavor, POLICY_FLAVORS, RenderedPolicy, calicoSelector } from './render';
export {
  buildInventory,
  draftTaxonomy,
  draftDecisions,
  DraftDecision,
  DraftOptions,
  InventoryOptions,
  LabelInventory,
  KeyInventory,
  ValueInventory,
  LabelUse,
} from './inventory';
