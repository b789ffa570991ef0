/**
 * JSON-safe copies of whatever candidate code returns: results travel to the server as JSON,
 * so every value must survive `JSON.stringify` unchanged in meaning.
 *
 * undefined -> null; NaN / Infinity -> "NaN" / "Infinity" / "-Infinity" (JSON would turn them
 * into null and a wrong answer could then match `null`); -0 -> 0; BigInt -> "12n";
 * functions -> "[Function: name]"; symbols -> "Symbol(x)"; Map -> object; Set and typed arrays
 * -> arrays; Date -> ISO string; Error -> "Name: message"; cycles -> "[Circular]".
 */

const MAX_DEPTH = 1000

export function toJsonSafe(value: unknown): unknown {
  return convert(value, new WeakSet<object>(), 0)
}

function convert(v: unknown, path: WeakSet<object>, depth: number): unknown {
  switch (typeof v) {
    case 'undefined':
      return null
    case 'number':
      return safeNumber(v)
    case 'bigint':
      return `${v.toString()}n`
    case 'function':
      return `[Function: ${v.name || '(anonymous)'}]`
    case 'symbol':
      return v.toString()
    case 'string':
    case 'boolean':
      return v
  }
  if (v === null) return null
  if (depth >= MAX_DEPTH) return '[Too deep]'
  const obj = v as object
  if (path.has(obj)) return '[Circular]'
  path.add(obj)
  try {
    return convertObject(obj, path, depth + 1)
  } catch {
    return '[Unserializable]'
  } finally {
    path.delete(obj)
  }
}

function safeNumber(n: number): number | string {
  if (Number.isNaN(n)) return 'NaN'
  if (n === Infinity) return 'Infinity'
  if (n === -Infinity) return '-Infinity'
  return n === 0 ? 0 : n
}

function convertObject(obj: object, path: WeakSet<object>, depth: number): unknown {
  const each = (x: unknown): unknown => convert(x, path, depth)
  if (Array.isArray(obj)) return Array.from(obj, each)
  if (ArrayBuffer.isView(obj)) return obj instanceof DataView ? '[DataView]' : Array.from(obj as unknown as ArrayLike<unknown>, each)
  if (obj instanceof Set) return Array.from(obj, each)
  if (obj instanceof Map) return mapToObject(obj, each)
  if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? null : obj.toISOString()
  if (obj instanceof Error) return `${obj.name}: ${obj.message}`
  if (obj instanceof RegExp) return obj.toString()
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(obj)) out[key] = each((obj as Record<string, unknown>)[key])
  return out
}

function mapToObject(map: Map<unknown, unknown>, each: (x: unknown) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, val] of map) out[typeof k === 'string' ? k : JSON.stringify(each(k))] = each(val)
  return out
}

/** At most this many characters of a value's JSON are shown (and sent) per test. */
export const DISPLAY_MAX_CHARS = 4000

/**
 * The value as it is shown and sent: unchanged when its JSON is short, otherwise a string
 * holding the beginning of its JSON. Comparison always uses the full value, never this.
 */
export function displayValue(value: unknown): unknown {
  const text = JSON.stringify(value)
  if (text === undefined || text.length <= DISPLAY_MAX_CHARS) return value
  return `${text.slice(0, DISPLAY_MAX_CHARS)}… (truncated, ${text.length} characters)`
}
