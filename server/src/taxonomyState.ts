// The taxonomy of one workspace folder (SPEC §1): the `kubeLabelLint.taxonomyPath` setting first,
// then the file names looked up in the folder; the embedded default where none exists. A file
// with errors reports them (in the file itself) and the last valid taxonomy stays in force; at
// start-up with none valid, the default applies and the problem stays visible. A deleted file in
// force stays in force too while no other is found: a branch switch or a rename deletes and
// recreates files, and flipping every finding to the default for a moment is noise.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_TAXONOMY } from '../../engine/src/taxonomy/default';
import { loadTaxonomy } from '../../engine/src/taxonomy/load';
import type { Taxonomy, TaxonomyError } from '../../engine/src/index';
import { findTaxonomyInFolder } from '../../io/src/taxonomyDiscovery';
import type { Settings } from './settings';
import { baseName, isInside, normalizePath } from './uris';

/** Reads a file's current text (the editor's buffer when open), undefined when unreadable. */
export type ReadText = (file: string) => string | undefined;

export class TaxonomyState {
  /** The taxonomy file of the folder (configured or discovered); undefined = none. */
  file: string | undefined;
  /** The taxonomy in force. */
  taxonomy: Taxonomy = DEFAULT_TAXONOMY;
  /** The file the taxonomy in force was loaded from; undefined for the default. */
  inForceFrom: string | undefined;
  /** Files the current taxonomy file was read from: it and every file it extends. */
  sources: string[] = [];
  /** Errors of the current taxonomy file and the files it extends (their own uris). */
  errors: TaxonomyError[] = [];
  /** A problem that has no place in a file: the configured path does not exist. */
  problem: string | undefined;

  /** The file to load, per SPEC §1: the setting (relative to the folder), else discovery. */
  locate(folder: string | undefined, settings: Settings): string | undefined {
    if (settings.taxonomyPath) {
      const configured = path.isAbsolute(settings.taxonomyPath) || !folder ? settings.taxonomyPath : path.join(folder, settings.taxonomyPath);
      return normalizePath(configured);
    }
    if (!folder) return undefined;
    const found = findTaxonomyInFolder(folder);
    return found ? normalizePath(found) : undefined;
  }

  /**
   * Reloads from `read`. With `apply` false (an unsaved buffer being edited) only the errors are
   * refreshed; the taxonomy in force changes on save or on a change on disk. Returns true when
   * the taxonomy in force changed.
   */
  reload(folder: string | undefined, settings: Settings, read: ReadText, apply = true): boolean {
    const file = this.locate(folder, settings);
    const before = this.taxonomy;
    this.problem = undefined;
    if (apply) this.file = file;
    if (!file) {
      this.sources = [];
      this.errors = [];
      if (this.inForceFrom && !isFile(this.inForceFrom)) {
        this.problem = `taxonomy file deleted: ${this.inForceFrom}`;
        return false;
      }
      if (apply) this.use(DEFAULT_TAXONOMY, undefined);
      return this.taxonomy !== before;
    }
    const text = read(file);
    if (text === undefined) {
      this.sources = [file];
      this.errors = [];
      this.problem = `taxonomy file ${settings.taxonomyPath ? `"${settings.taxonomyPath}" (kubeLabelLint.taxonomyPath) ` : ''}not found: ${file}`;
      return false;
    }
    const toFs = (p: string) => (path.sep === '\\' ? p.replace(/\//g, '\\') : p);
    const result = loadTaxonomy(file, text, (p) => read(normalizePath(toFs(p))));
    this.sources = [...new Set(result.sources.map((s) => normalizePath(toFs(s))))];
    this.errors = result.errors.map((e) => ({ ...e, uri: normalizePath(toFs(e.uri)) }));
    if (result.taxonomy && apply) {
      // Saving fires didSave and a file event: the same content loads once.
      const fingerprint = this.sources.map((s) => `${s}\u0000${read(s) ?? ''}`).join('\u0000');
      if (fingerprint !== this.fingerprint || this.inForceFrom !== file) this.use(result.taxonomy, file, fingerprint);
    }
    return this.taxonomy !== before;
  }

  private fingerprint = '';

  private use(taxonomy: Taxonomy, from: string | undefined, fingerprint = ''): void {
    this.taxonomy = taxonomy;
    this.inForceFrom = from;
    this.fingerprint = fingerprint;
  }

  /** Status-bar name: the file name in force, or `default`. */
  get displayName(): string {
    return this.inForceFrom ? baseName(this.inForceFrom) : 'default';
  }

  /** Why the taxonomy in force is not the folder's file as it is now, if it is not. */
  get errorSummary(): string | undefined {
    if (this.problem) return `${this.problem}; using ${this.inForceFrom ? `the last valid ${baseName(this.inForceFrom)}` : 'the embedded default taxonomy'}`;
    if (this.errors.length === 0) return undefined;
    const n = this.errors.length;
    return `${baseName(this.file ?? this.errors[0].uri)} has ${n} error${n === 1 ? '' : 's'}; using ${this.inForceFrom ? 'the last valid version' : 'the embedded default taxonomy'}`;
  }

  isSource(key: string): boolean {
    return key === this.file || this.sources.includes(key);
  }

  /** A deleted path takes the taxonomy file, or a file it extends, with it (a folder is one event). */
  hasFileAtOrUnder(deleted: string): boolean {
    return [this.file, ...this.sources].some((s) => s !== undefined && isInside(deleted, s));
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
