import type { SourceRange } from '../text/lineIndex';

/** A YAML value with where it stands in the text; aliases are already resolved. */
export type Located = LocatedScalar | LocatedMap | LocatedSeq;

export interface LocatedScalar {
  kind: 'scalar';
  value: unknown;
  range: SourceRange;
}

export interface LocatedEntry {
  key: string;
  keyRange: SourceRange;
  value: Located;
}

export interface LocatedMap {
  kind: 'map';
  /** A Map, not an object: keys like __proto__ stay plain data. */
  entries: Map<string, LocatedEntry>;
  range: SourceRange;
}

export interface LocatedSeq {
  kind: 'seq';
  items: Located[];
  range: SourceRange;
}

/** A plain value for schema checks: objects have no prototype, so no key can reach Object.prototype. */
export function toPlain(node: Located): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toPlain);
    case 'map': {
      const out = Object.create(null) as Record<string, unknown>;
      for (const [key, entry] of node.entries) out[key] = toPlain(entry.value);
      return out;
    }
  }
}

/** The node at a path, or the deepest node on the way (for a missing key, its parent map). */
export function nodeAt(
  root: Located,
  path: readonly PropertyKey[],
): { node: Located; keyRange?: SourceRange; complete: boolean } {
  let node = root;
  let keyRange: SourceRange | undefined;
  for (const segment of path) {
    if (node.kind === 'map' && typeof segment === 'string' && node.entries.has(segment)) {
      const entry = node.entries.get(segment)!;
      keyRange = entry.keyRange;
      node = entry.value;
    } else if (node.kind === 'seq' && typeof segment === 'number' && segment < node.items.length) {
      node = node.items[segment]!;
      keyRange = undefined;
    } else {
      return { node, keyRange, complete: false };
    }
  }
  return { node, keyRange, complete: true };
}

export function entryOf(node: Located | undefined, key: string): LocatedEntry | undefined {
  return node?.kind === 'map' ? node.entries.get(key) : undefined;
}

/** The range of a map's first key line: where "this item is missing X" is best shown. */
export function headRange(node: Located): SourceRange {
  if (node.kind === 'map') {
    const first = node.entries.values().next();
    if (!first.done) return first.value.keyRange;
  }
  return { start: node.range.start, end: Math.min(node.range.end, node.range.start + 1) };
}
