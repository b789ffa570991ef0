// @vitest-environment node
// The Python sandbox in Chromium: Pyodide from our origin in a long-lived module worker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserTestsEnabled, openSandboxPage, type Harness, type WithSandbox } from './browser'

let h: Harness
const generation = (): Promise<number> => h.page.evaluate(() => (window as unknown as WithSandbox).sandbox.pythonWorkerGeneration())
const status = (): Promise<string> => h.page.evaluate(() => (window as unknown as WithSandbox).sandbox.pythonStatus())

beforeAll(async () => {
  if (!browserTestsEnabled) return
  h = await openSandboxPage()
  expect(await h.page.evaluate(() => crossOriginIsolated)).toBe(true)
  expect(await status()).toBe('idle')
  await h.page.evaluate(() => (window as unknown as WithSandbox).sandbox.preloadPython())
  expect(await status()).toBe('ready')
})

afterAll(async () => {
  await h?.close()
})

const tests = [
  { args: [[3, 1, 2], { k: 'v' }], expected: [[1, 2, 3], { v: ['k'] }] },
  { args: [[], {}], expected: [[], {}] },
]

describe.skipIf(!browserTestsEnabled)('Python sandbox', () => {
  it('passes a correct solution (tuples become lists, nested structures compared deeply)', async () => {
    const code = 'def solution(xs, d):\n    print("n =", len(xs))\n    return (sorted(xs), {v: [k] for k, v in d.items()})\n'
    const o = await h.run('python', code, tests)
    expect(o).toMatchObject({ passed: 2, total: 2, timed_out: false, language: 'python' })
    expect(o.results[0]).toMatchObject({ passed: true, actual: [[1, 2, 3], { v: ['k'] }], stdout: 'n = 3' })
  })

  it('fails a wrong solution and reports exceptions with their line', async () => {
    const code = 'def solution(xs, d):\n    if not xs:\n        raise ValueError("empty")\n    return [xs, d]\n'
    const o = await h.run('python', code, tests)
    expect(o.passed).toBe(0)
    expect(o.results[0]).toMatchObject({ passed: false, actual: [[3, 1, 2], { k: 'v' }] })
    expect(o.results[1]!.error).toBe('ValueError: empty (line 3)')
  })

  it('fails every test of code that does not compile, with the message and line', async () => {
    const o = await h.run('python', 'def solution(:\n    pass\n', tests)
    expect(o.passed).toBe(0)
    expect(o.results.every((r) => /^SyntaxError: .*\(line 1\)$/.test(r.error ?? ''))).toBe(true)
  })

  it('turns results into JSON values and caps printed output', async () => {
    const code = [
      'import math',
      'def solution(n):',
      '    for i in range(n):',
      '        print(i)',
      "    return {1: (1, 2), 'nan': math.nan, 'inf': -math.inf, 's': {3, 1}, 'none': None, 'obj': object}",
      '',
    ].join('\n')
    const o = await h.run('python', code, [{ args: [1000], expected: null }])
    expect(o.results[0]!.actual).toEqual({ '1': [1, 2], nan: 'NaN', inf: '-Infinity', s: [1, 3], none: null, obj: "<class 'object'>" })
    const lines = o.results[0]!.stdout!.split('\n')
    expect(lines).toHaveLength(201)
    expect(lines[199]).toBe('199')
    expect(lines[200]).toBe('[output truncated]')
  })

  it('fails runaway recursion with an error, also when it crashes Pyodide, and the next run works', async () => {
    const recurse = 'def solution(n):\n    return solution(n + 1)\n'
    const o = await h.run('python', recurse, [{ args: [0], expected: 0 }])
    expect(o.results[0]!.error).toMatch(/^RecursionError: .*\(line 2\)$/)
    const before = await generation()
    const crash = await h.run('python', `import sys\nsys.setrecursionlimit(10**4)\n${recurse}`, [{ args: [0], expected: 0 }], { timeoutMs: 20_000 })
    expect(crash.passed).toBe(0)
    expect(crash.results[0]!.error).toMatch(/call stack.*Python crashed/)
    const next = await h.run('python', 'def solution(n):\n    return n\n', [{ args: [0], expected: 0 }])
    expect(next.passed).toBe(1)
    expect(await generation()).toBe(before + 1)
  })

  it('interrupts `while True: pass` at the limit, keeps the worker, and the next run works', async () => {
    const before = await generation()
    const code = 'def solution(x):\n    while x == 2:\n        pass\n    return x\n'
    const looping = [1, 2, 3].map((x) => ({ args: [x], expected: x }))
    const o = await h.run('python', code, looping)
    expect(o.timed_out).toBe(true)
    expect(o.results.map((r) => r.passed)).toEqual([true, false, false])
    expect(o.results[1]!.error).toBe('Time limit exceeded (2000 ms)')
    const next = await h.run('python', 'def solution(x):\n    return x\n', looping)
    expect(next).toMatchObject({ passed: 3, timed_out: false })
    expect(await generation()).toBe(before)
  })

  it('replaces the worker when candidate code swallows the interrupt, and the next run works', async () => {
    const before = await generation()
    const code = 'def solution():\n    while True:\n        try:\n            while True:\n                pass\n        except BaseException:\n            pass\n'
    const o = await h.run('python', code, [{ args: [], expected: 1 }], { timeoutMs: 300 })
    expect(o).toMatchObject({ passed: 0, timed_out: true })
    const next = await h.run('python', 'def solution(a, b):\n    return a + b\n', [{ args: [2, 3], expected: 5 }])
    expect(next).toMatchObject({ passed: 1, timed_out: false })
    expect(await generation()).toBe(before + 1)
  })
})
