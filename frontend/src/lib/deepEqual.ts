/**
 * Strict deep equality of JSON values, as the question bank's checker compares them:
 * arrays element by element in order, objects by their set of keys (order ignored),
 * no type coercion (1 !== "1", 0 !== false, null !== undefined), NaN equals NaN, -0 equals 0.
 * Iterative, so deeply nested values (long linked lists) cannot overflow the stack.
 * `closeNumbers`, when given, also accepts two numbers it calls close (compare.ts: "float").
 */
export function deepEqual(a: unknown, b: unknown, closeNumbers?: (x: number, y: number) => boolean): boolean {
  const stack: Array<[unknown, unknown]> = [[a, b]]
  const seen = new Map<object, Set<object>>()
  while (stack.length > 0) {
    const [x, y] = stack.pop()!
    if (sameScalar(x, y, closeNumbers)) continue
    if (!isObject(x) || !isObject(y)) return false
    if (alreadyCompared(seen, x, y)) continue
    if (!pushChildren(stack, x, y)) return false
  }
  return true
}

function sameScalar(x: unknown, y: unknown, closeNumbers?: (x: number, y: number) => boolean): boolean {
  if (typeof x === 'number' && typeof y === 'number') return x === y || (Number.isNaN(x) && Number.isNaN(y)) || (closeNumbers?.(x, y) ?? false)
  return x === y
}

function isObject(v: unknown): v is object {
  return typeof v === 'object' && v !== null
}

/** Records the pair; true when it was already on the way (a cycle: assume equal there). */
function alreadyCompared(seen: Map<object, Set<object>>, x: object, y: object): boolean {
  let partners = seen.get(x)
  if (!partners) {
    partners = new Set()
    seen.set(x, partners)
  }
  if (partners.has(y)) return true
  partners.add(y)
  return false
}

function pushChildren(stack: Array<[unknown, unknown]>, x: object, y: object): boolean {
  const xArr = Array.isArray(x)
  if (xArr !== Array.isArray(y)) return false
  if (xArr) {
    const ya = y as unknown[]
    if (x.length !== ya.length) return false
    for (let i = 0; i < x.length; i++) stack.push([x[i], ya[i]])
    return true
  }
  const xKeys = Object.keys(x)
  if (xKeys.length !== Object.keys(y).length) return false
  const xr = x as Record<string, unknown>
  const yr = y as Record<string, unknown>
  for (const k of xKeys) {
    if (!Object.prototype.hasOwnProperty.call(y, k)) return false
    stack.push([xr[k], yr[k]])
  }
  return true
}
