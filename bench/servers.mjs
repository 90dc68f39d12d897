// Starting, initialising and settling the two language servers over LSP (ours and
// yaml-language-server), with the settings each gets.
import { LspServer, fileUri } from './lsp.mjs';
import { sleep } from './util.mjs';
import { ROOT, SERVER, YAMLLS, SCHEMA, VERBOSE, CODE_CACHE_DIR } from './config.mjs';

// --- LSP servers --------------------------------------------------------------------------------
// Our server gets the default settings (an empty kubeLabelLint section); anything else: null.
export const ourConfig = (section) => {
  if (!section) return { kubeLabelLint: {} };
  return section === 'kubeLabelLint' ? {} : null;
};
export const yamlSettings = {
  yaml: {
    validate: true,
    hover: true,
    completion: true,
    schemas: { [fileUri(SCHEMA)]: '*.yaml' },
    schemaStore: { enable: false },
    kubernetesCRDStore: { enable: false },
  },
};
export const yamllsConfig = (section) => {
  if (section === 'yaml') return yamlSettings.yaml;
  if (section === 'http') return { proxy: '', proxyStrictSSL: false };
  if (section === '[yaml]') return {};
  if (section === 'editor') return { detectIndentation: true, tabSize: 2 };
  return null;
};

export const SERVERS = {
  // Started as the VS Code client starts it: with a folder for its code cache.
  ours: { name: 'kube-label-lint', args: [SERVER, '--stdio', `--code-cache-dir=${CODE_CACHE_DIR}`], configuration: ourConfig },
  yamlls: { name: 'yaml-language-server', args: [YAMLLS, '--stdio'], configuration: yamllsConfig },
};

export async function startServer(which, { timeoutMs = 600_000 } = {}) {
  const def = SERVERS[which];
  return LspServer.start({
    name: def.name,
    command: process.execPath,
    args: def.args,
    cwd: ROOT,
    timeoutMs,
    configuration: def.configuration,
    verbose: VERBOSE,
  });
}

/** initialize + initialized (+ configuration push for yaml-language-server). */
export async function initServer(s, which, folder) {
  await s.initialize(folder);
  if (which === 'yamlls') {
    // yaml-language-server pulls its settings on didChangeConfiguration; VS Code sends one at start.
    let configured = false;
    const origin = s.configuration;
    s.configuration = (section, scope) => {
      if (section === 'yaml') configured = true;
      return origin(section, scope);
    };
    await s.notify('workspace/didChangeConfiguration', { settings: null });
    const t0 = performance.now();
    while (!configured && performance.now() - t0 < 10_000) await sleep(5);
    if (!configured) await s.notify('workspace/didChangeConfiguration', { settings: yamlSettings });
    // Diagnostics computed before the settings were applied are superseded: the keystroke
    // measure waits for the server to go quiet after the first diagnostics.
  }
}

/** Waits until the server is done with its initial work for an open document. */
export async function settle(s) {
  if (s.progressBegun) await s.waitFor(() => [...s.progress.values()].every((e) => !e.begin || e.end), { timeoutMs: 120_000, what: 'progress end' });
  await s.waitQuiet(300, { timeoutMs: 120_000 });
}
