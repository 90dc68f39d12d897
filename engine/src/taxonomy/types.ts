import type { Severity } from '../types';

export type UnknownLabelsMode = 'allow' | 'info' | 'warn' | 'error';

/** Where a label is required (SPEC §1). `kinds` replaces the default workload kinds. */
export interface RequiredSpec {
  kinds: readonly string[];
  /** Glob patterns (`prod-*`); absent = every namespace. */
  namespaces?: readonly string[];
}

/** A compiled `pattern`: RE2 syntax, evaluated in linear time. */
export interface LabelPattern {
  source: string;
  test(value: string): boolean;
}

export interface LabelSpec {
  key: string;
  description?: string;
  required?: RequiredSpec;
  values?: readonly string[];
  pattern?: LabelPattern;
  deprecated?: boolean;
  replacedBy?: string;
}

export interface PolicySettings {
  requireDefaultDeny: boolean;
  requireDnsEgress: boolean;
  identityLabels: readonly string[];
}

export interface Taxonomy {
  /** The taxonomy file this came from; undefined for the embedded default. */
  uri?: string;
  unknownLabels: UnknownLabelsMode;
  allowPrefixes: readonly string[];
  labels: ReadonlyMap<string, LabelSpec>;
  policy: PolicySettings;
  /** Per-rule severities from the taxonomy's `rules:` map. */
  rules: Readonly<Record<string, Severity>>;
}

/** A problem in a taxonomy file, at an offset range of that file. */
export interface TaxonomyError {
  uri: string;
  message: string;
  start: number;
  end: number;
}

export const WORKLOAD_KINDS: readonly string[] = [
  'Pod',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
];
