// The nodes the block-subset parser (`blockSubset.ts`) builds: `yaml`'s own classes, made
// without a runtime call per node, and the core schema's reading of a plain scalar.
import { Document, Pair, Scalar, YAMLMap, YAMLSeq, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';

// yaml 1.2 core schema: what a plain scalar resolves to. Floats, hex, octal, .inf and .nan leave
// the subset (the node would also carry a format or fraction digits).
const NULL_PLAIN = /^(?:~|[Nn]ull|NULL)$/;
const TRUE_PLAIN = /^(?:[Tt]rue|TRUE)$/;
const FALSE_PLAIN = /^(?:[Ff]alse|FALSE)$/;
const INT_PLAIN = /^[-+]?[0-9]+$/;
const OTHER_NUMBER_PLAIN = /^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/;

// yaml's node constructors each define the node's type (a symbol property) with
// Object.defineProperty, a runtime call that took a quarter of this parser's time. The nodes
// built here inherit it instead from one instance per class that the constructor made: yaml's
// own checks (`isScalar`, `isMap`, … read the symbol through the prototype chain) and
// `instanceof` hold, and `clone()` keeps the prototype. A collection's `schema` is inherited the
// same way from its template (`Shared`).
const SCALAR_TEMPLATE = new Scalar(null);
const PAIR_TEMPLATE = new Pair(null);

export type NodeRange = [number, number, number];
export type RangedScalar = Scalar & { range: NodeRange };
export type RangedCollection = (YAMLMap | YAMLSeq) & { range: NodeRange };
export type SubsetNode = RangedScalar | RangedCollection;

/** A scalar as yaml composes it: its value, the source string it was read from, its style and range. */
export function newScalar(value: unknown, source: string, type: Scalar.Type, range: NodeRange): RangedScalar {
  const scalar = Object.create(SCALAR_TEMPLATE) as RangedScalar;
  scalar.value = value;
  scalar.range = range;
  scalar.source = source;
  scalar.type = type;
  return scalar;
}

export function newPair(key: unknown, value: unknown): Pair {
  const pair = Object.create(PAIR_TEMPLATE) as Pair;
  pair.key = key;
  pair.value = value;
  return pair;
}

export type Options = DocumentOptions & ParseOptions & SchemaOptions;

/**
 * What every document parsed with the same options shares: one schema (the composer makes one
 * per document, a tenth of this parser's time; nothing changes a schema that parsing built, as
 * only explicit tags, outside the subset, add to it), and the collection templates holding it.
 */
export interface Shared {
  documentOptions: Options & { schema: Document['schema'] };
  mapTemplate: YAMLMap;
  seqTemplate: YAMLSeq;
}

const sharedByOptions = new WeakMap<Options, Shared>();

export function sharedFor(options: Options): Shared {
  let shared = sharedByOptions.get(options);
  if (!shared) {
    const schema = new Document(undefined, options).schema;
    shared = { documentOptions: { ...options, schema }, mapTemplate: new YAMLMap(schema), seqTemplate: new YAMLSeq(schema) };
    sharedByOptions.set(options, shared);
  }
  return shared;
}

export function newMap(shared: Shared): YAMLMap {
  const map = Object.create(shared.mapTemplate) as YAMLMap;
  map.items = [];
  return map;
}

export function newSeq(shared: Shared): YAMLSeq {
  const seq = Object.create(shared.seqTemplate) as YAMLSeq;
  seq.items = [];
  return seq;
}

/** A plain scalar's value the subset does not read (a float, hex, octal, .inf, .nan). */
export const NOT_IN_SUBSET = Symbol('not in the subset');

/** What the core schema reads a plain scalar's source as (null, boolean, integer or string). */
export function plainValue(source: string): string | number | boolean | null | typeof NOT_IN_SUBSET {
  const first = source.charCodeAt(0);
  if (first === 0x6e || first === 0x4e || first === 0x7e) return NULL_PLAIN.test(source) ? null : source;
  if (first === 0x74 || first === 0x54) return TRUE_PLAIN.test(source) ? true : source;
  if (first === 0x66 || first === 0x46) return FALSE_PLAIN.test(source) ? false : source;
  if ((first >= 0x30 && first <= 0x39) || first === 0x2b || first === 0x2d || first === 0x2e) {
    if (INT_PLAIN.test(source)) return parseInt(source, 10);
    if (OTHER_NUMBER_PLAIN.test(source)) return NOT_IN_SUBSET;
  }
  return source;
}
