// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { OutputBuffer, TRUNCATED_MARK } from '../src/lib/sandboxConsole'
import { compileSolution, describeError, lockNetwork, measureLineOffset, runCase } from '../src/lib/sandboxHarness'
import { toJsonSafe } from '../src/lib/sandboxJson'

let tick = 0
const fakeClock = (): number => (tick += 5)

function compile(code: string, name = 'solution') {
  const out = new OutputBuffer()
  return { out, fn: compileSolution(code, name, out.console) }
}

describe('compileSolution', () => {
  it('finds function declarations, const arrows and custom names', () => {
    expect(compile('function solution(a, b) { return a + b }').fn(1, 2)).toBe(3)
    expect(compile('const twoSum = (a) => a * 2', 'twoSum').fn(4)).toBe(8)
  })

  it('throws a SyntaxError for broken code', () => {
    expect(() => compile('function solution( {')).toThrow(SyntaxError)
  })

  it('throws when the function is missing or the name is not an identifier', () => {
    expect(() => compile('function other() {}')).toThrow(/No function named 'solution'/)
    expect(() => compile('function solution() {}', 'a;b')).toThrow(/Invalid function name/)
  })

  it('runs top-level code with the fake console', () => {
    const { out } = compile('console.log("top", 1)\nfunction solution() {}')
    expect(out.take()).toBe('top 1')
  })
})

describe('runCase', () => {
  const offset = measureLineOffset()

  it('returns the JSON-safe result, the output and a duration', async () => {
    const { fn, out } = compile('function solution(xs) { console.log("n =", xs.length); return [xs, undefined, NaN] }')
    const raw = await runCase(fn, [[1, 2]], out, fakeClock)
    expect(raw).toEqual({ actual: [[1, 2], null, 'NaN'], ms: 5, stdout: 'n = 2' })
  })

  it('awaits async solutions', async () => {
    const { fn, out } = compile('async function solution(x) { return x + 1 }')
    expect((await runCase(fn, [1], out, fakeClock)).actual).toBe(2)
  })

  it('reports a thrown error with its message and line, keeping output', async () => {
    const code = 'function solution(x) {\n  console.log("before")\n  return x.y.z\n}'
    const { fn, out } = compile(code)
    const raw = await runCase(fn, [{}], out, fakeClock, offset)
    expect(raw.error).toMatch(/^TypeError: .*undefined.* \(line 3\)$/)
    expect(raw.actual).toBeNull()
    expect(raw.stdout).toBe('before')
  })

  it('reports thrown non-errors', async () => {
    const { fn, out } = compile('function solution() { throw {code: 7} }')
    expect((await runCase(fn, [], out, fakeClock)).error).toBe('Uncaught {"code":7}')
  })

  it('gives each test its own output', async () => {
    const { fn, out } = compile('function solution(x) { console.log(x); return x }')
    expect((await runCase(fn, ['a'], out, fakeClock)).stdout).toBe('a')
    expect((await runCase(fn, ['b'], out, fakeClock)).stdout).toBe('b')
    expect((await runCase(fn, [''], out, fakeClock)).stdout).toBeUndefined()
  })
})

describe('console cap', () => {
  it('keeps at most 200 lines and marks the truncation once', () => {
    const out = new OutputBuffer()
    for (let i = 0; i < 1000; i++) out.console.log(i)
    const lines = out.take().split('\n')
    expect(lines).toHaveLength(201)
    expect(lines[199]).toBe('199')
    expect(lines[200]).toBe(TRUNCATED_MARK)
  })

  it('keeps at most 8000 characters', () => {
    const out = new OutputBuffer()
    out.console.log('x'.repeat(50_000))
    out.console.log('more')
    const text = out.take()
    expect(text).toBe(`${'x'.repeat(8000)}\n${TRUNCATED_MARK}`)
  })

  it('formats values like a console and supports warn, error, assert and count', () => {
    const out = new OutputBuffer()
    out.console.log('v', { a: [1, undefined] }, 2n, null)
    out.console.warn('w')
    out.console.error('e')
    out.console.assert(false, 'bad')
    out.console.assert(true, 'fine')
    out.console.count()
    out.console.count()
    expect(out.take()).toBe('v {"a":[1,null]} 2n null\nWarning: w\nError: e\nAssertion failed: bad\ndefault: 1\ndefault: 2')
  })
})

describe('toJsonSafe', () => {
  it('turns non-JSON values into JSON ones', () => {
    function named() {}
    expect(toJsonSafe(undefined)).toBeNull()
    expect(toJsonSafe([Infinity, -Infinity, NaN, -0])).toEqual(['Infinity', '-Infinity', 'NaN', 0])
    expect(Object.is(toJsonSafe(-0), 0)).toBe(true)
    expect(toJsonSafe(10n)).toBe('10n')
    expect(toJsonSafe(named)).toBe('[Function: named]')
    expect(toJsonSafe(Symbol('s'))).toBe('Symbol(s)')
    expect(toJsonSafe(new Set([1, 2]))).toEqual([1, 2])
    expect(toJsonSafe(new Map<unknown, unknown>([['a', 1], [2, 'b']]))).toEqual({ a: 1, '2': 'b' })
    expect(toJsonSafe(new Int32Array([3, 4]))).toEqual([3, 4])
    expect(toJsonSafe(new Date(0))).toBe('1970-01-01T00:00:00.000Z')
    expect(toJsonSafe(new RangeError('r'))).toBe('RangeError: r')
    expect(toJsonSafe([1, , 3])).toEqual([1, null, 3])
  })

  it('converts class instances to their fields and cycles to a marker', () => {
    class Node {
      constructor(
        public val: number,
        public next: Node | null = null,
      ) {}
    }
    expect(toJsonSafe(new Node(1, new Node(2)))).toEqual({ val: 1, next: { val: 2, next: null } })
    const a: Record<string, unknown> = { x: 1 }
    a.me = a
    expect(toJsonSafe(a)).toEqual({ x: 1, me: '[Circular]' })
    const shared = [1]
    expect(toJsonSafe([shared, shared])).toEqual([[1], [1]])
  })

  it('survives getters that throw', () => {
    const evil = Object.defineProperty({}, 'x', {
      enumerable: true,
      get() {
        throw new Error('no')
      },
    })
    expect(toJsonSafe({ evil })).toEqual({ evil: '[Unserializable]' })
  })
})

describe('describeError and lockNetwork', () => {
  it('caps very long messages', () => {
    expect(describeError(new Error('x'.repeat(5000)), 0).length).toBeLessThanOrEqual(2001)
  })

  it('removes and locks the network globals', () => {
    const scope: Record<string, unknown> = { fetch: () => 'net', Worker: class {}, other: 1 }
    lockNetwork(scope)
    expect(scope.fetch).toBeUndefined()
    expect(scope.Worker).toBeUndefined()
    expect(scope.other).toBe(1)
    expect(() => {
      scope.fetch = () => 'again'
    }).toThrow(TypeError)
  })
})
