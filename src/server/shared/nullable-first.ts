// Request schemas run through Ajv with `coerceTypes` (src/server/app.ts). In a union such as
// `anyOf: [string, null]` Ajv tries the string branch first and coerces a JSON null into '' (into 0
// for an integer), so "clear this field" would store an empty text or a zero id, or be refused.
// `nullFirst` moves every null branch to the front of its union, so null is taken as null; the app
// applies it to every route's request schemas when the route is registered (an onRoute hook), and
// a schema written either way behaves the same.

type Node = Record<string, unknown>;

const isNull = (b: unknown) => typeof b === 'object' && b !== null && (b as Node).type === 'null';

/** Reorders the unions inside `schema` in place, null first; answers how many it moved. */
export function nullFirst(schema: unknown, seen = new Set<object>()): number {
  if (typeof schema !== 'object' || schema === null || seen.has(schema)) return 0;
  seen.add(schema);
  let moved = 0;
  if (Array.isArray(schema)) {
    for (const s of schema) moved += nullFirst(s, seen);
    return moved;
  }
  const node = schema as Node;
  for (const key of ['anyOf', 'oneOf']) {
    const branches = node[key];
    if (!Array.isArray(branches)) continue;
    const at = branches.findIndex(isNull);
    if (at > 0) {
      branches.unshift(...branches.splice(at, 1));
      moved++;
    }
  }
  for (const key of ['anyOf', 'oneOf', 'allOf', 'items', 'prefixItems', 'additionalProperties', 'not']) moved += nullFirst(node[key], seen);
  for (const key of ['properties', 'patternProperties']) {
    const props = node[key];
    if (typeof props === 'object' && props !== null) for (const v of Object.values(props)) moved += nullFirst(v, seen);
  }
  return moved;
}
