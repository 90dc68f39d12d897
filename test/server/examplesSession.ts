// A language server over a fresh copy of examples/ (or another fixture folder), scanned: the
// setup that the feature suites share. Call `stop()` in `after`.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspTestClient, REPO_ROOT, fileUri, removeDir, type StartOptions } from './lspClient';

export interface ExamplesSession {
  dir: string;
  c: LspTestClient;
  /** The uri of a file of the copy, by its relative path. */
  uri(rel: string): string;
  /** The text on disk of a file of the copy. */
  read(rel: string): string;
  stop(): Promise<void>;
}

export async function startOnExamples(prefix: string, options: Omit<StartOptions, 'workspace'> = {}, source = path.join(REPO_ROOT, 'examples')): Promise<ExamplesSession> {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `kll-${prefix}-`)));
  fs.cpSync(source, dir, { recursive: true });
  const c = await LspTestClient.start({ ...options, workspace: dir });
  await c.waitForScan();
  return {
    dir,
    c,
    uri: (rel) => fileUri(path.join(dir, rel)),
    read: (rel) => fs.readFileSync(path.join(dir, rel), 'utf8'),
    stop: async () => {
      await c.stop();
      removeDir(dir);
    },
  };
}
