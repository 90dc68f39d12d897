// `kubeLabelLint.*` settings (SPEC §4), read with `workspace/configuration` per workspace folder
// (they are `resource`-scoped; VS Code resolves them per folder) and cached until
// `workspace/didChangeConfiguration`. A client without `workspace/configuration` pushes them in
// the `didChangeConfiguration` notification instead.
import type { Severity } from '../../engine/src/index';

export interface Settings {
  enable: boolean;
  /** Taxonomy file, absolute or relative to the workspace folder; '' = discover (SPEC §1). */
  taxonomyPath: string;
  /** `kubeLabelLint.rules`: rule id → severity; wins over the taxonomy. */
  rules: Record<string, Severity>;
  /** Namespace of objects that name none (SPEC §5). */
  defaultNamespace: string;
  /** Globs relative to the workspace folder: files never checked nor indexed. */
  exclude: string[];
}

export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  taxonomyPath: '',
  rules: {},
  defaultNamespace: 'default',
  exclude: [],
};

const SEVERITIES = new Set(['error', 'warning', 'info', 'off']);

/** Settings come from user JSON: keep what is well-typed, default the rest. */
export function normalizeSettings(raw: unknown): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rules: Record<string, Severity> = {};
  if (r.rules && typeof r.rules === 'object') {
    for (const [id, sev] of Object.entries(r.rules as Record<string, unknown>)) {
      if (typeof sev === 'string' && SEVERITIES.has(sev)) rules[id] = sev as Severity;
    }
  }
  const ns = typeof r.defaultNamespace === 'string' && r.defaultNamespace.trim() ? r.defaultNamespace.trim() : DEFAULT_SETTINGS.defaultNamespace;
  return {
    enable: typeof r.enable === 'boolean' ? r.enable : DEFAULT_SETTINGS.enable,
    taxonomyPath: typeof r.taxonomyPath === 'string' ? r.taxonomyPath.trim() : '',
    rules,
    defaultNamespace: ns,
    exclude: Array.isArray(r.exclude) ? r.exclude.filter((g): g is string => typeof g === 'string' && g.length > 0) : [],
  };
}

/** What must be redone when settings change. */
export function settingsChange(before: Settings, after: Settings): 'none' | 'analyze' | 'reload' {
  if (before.taxonomyPath !== after.taxonomyPath || before.defaultNamespace !== after.defaultNamespace) return 'reload';
  if (JSON.stringify(before.exclude) !== JSON.stringify(after.exclude)) return 'reload';
  if (before.enable !== after.enable || JSON.stringify(before.rules) !== JSON.stringify(after.rules)) return 'analyze';
  return 'none';
}
