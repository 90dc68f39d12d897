// A small, strict command-line parser shared by every subcommand: long options (`--name value`,
// `--name=value`), declared short aliases, `--` ends the options. Anything unexpected is a
// `UsageError` (exit code 2), never a guess.

export class UsageError extends Error {}

export interface OptionSpec {
  /** Long name without the dashes: `format` for `--format`. */
  name: string;
  type: 'string' | 'boolean';
  /** One-letter alias without the dash: `h` for `-h`. */
  short?: string;
  /** For string options: the values allowed (checked here, named in the error message). */
  choices?: readonly string[];
}

export interface ParsedArgs {
  /** The last value given for each option that was given (repeating an option: the last wins). */
  values: Record<string, string | boolean>;
  positionals: string[];
}

export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short as string, s]));
  const values: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    let spec: OptionSpec | undefined;
    let inline: string | undefined;
    let shown = arg;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq < 0 ? undefined : arg.slice(eq + 1);
      shown = `--${name}`;
      spec = byName.get(name);
      if (!spec) throw new UsageError(`unknown option '${shown}'`);
    } else if (arg.startsWith('-') && arg.length > 1) {
      spec = byShort.get(arg.slice(1));
      if (!spec) throw new UsageError(`unknown option '${arg}'`);
    } else {
      positionals.push(arg);
      continue;
    }
    if (spec.type === 'boolean') {
      if (inline !== undefined) throw new UsageError(`option '${shown}' takes no value`);
      values[spec.name] = true;
      continue;
    }
    let value = inline;
    if (value === undefined) {
      if (i + 1 >= argv.length) throw new UsageError(`option '${shown}' needs a value`);
      value = argv[++i];
    }
    if (spec.choices && !spec.choices.includes(value)) {
      throw new UsageError(`invalid value '${value}' for '${shown}' (expected one of: ${spec.choices.join(', ')})`);
    }
    values[spec.name] = value;
  }
  return { values, positionals };
}

/** A non-negative integer option; `-1` means "no limit" (as ESLint's `--max-warnings -1`). */
export function parseLimit(value: string, option: string): number | undefined {
  if (!/^(-1|\d+)$/.test(value.trim())) throw new UsageError(`invalid value '${value}' for '${option}' (expected a non-negative integer)`);
  const n = Number(value);
  if (n < 0) return undefined;
  if (!Number.isSafeInteger(n)) throw new UsageError(`invalid value '${value}' for '${option}' (too large)`);
  return n;
}

/** A Kubernetes namespace name: an RFC 1123 label. */
export function parseNamespace(value: string, option: string): string {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value) || value.length > 63) {
    throw new UsageError(`invalid value '${value}' for '${option}' (a namespace is a DNS label: lowercase letters, digits and '-', at most 63 characters)`);
  }
  return value;
}
