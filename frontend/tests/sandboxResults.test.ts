// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { RunCollector } from '../src/lib/sandboxCollector'
import { DISPLAY_MAX_CHARS } from '../src/lib/sandboxJson'
import { acceptCase, assembleOutcome, plainTests, scoreCase, timeLimitMessage } from '../src/lib/sandboxResults'
import type { RawCase, SandboxTest } from '../src/lib/sandboxTypes'

const tests: SandboxTest[] = [
  { args: [[1, 2]], expected: [[1], { a: 2 }] },
  { args: [[3]], expected: 3 },
  { args: [[]], expected: null },
]

describe('scoreCase', () => {
  it('passes only on deep equality without an error', () => {
    expect(scoreCase(0, tests[0]!, { actual: [[1], { a: 2 }], ms: 1 }).passed).toBe(true)
    expect(scoreCase(0, tests[0]!, { actual: [[1], { a: 3 }], ms: 1 }).passed).toBe(false)
    expect(scoreCase(2, tests[2]!, { actual: null, ms: 1, error: 'TypeError: x' }).passed).toBe(false)
  })

  it('keeps error and output, and shortens huge values for display', () => {
    const big = Array.from({ length: 5000 }, (_, i) => i)
    const r = scoreCase(1, { args: [], expected: big }, { actual: big, ms: 2, stdout: 'hi' })
    expect(r.passed).toBe(true)
    expect(typeof r.actual).toBe('string')
    expect((r.actual as string).length).toBeLessThan(DISPLAY_MAX_CHARS + 100)
    expect(r.stdout).toBe('hi')
  })
})

describe('assembleOutcome', () => {
  it('fails unreported tests with the time limit message when timed out', () => {
    const reports = new Map<number, RawCase>([[0, { actual: [[1], { a: 2 }], ms: 3 }]])
    const o = assembleOutcome('javascript', tests, reports, { timedOut: true, timeoutMs: 800 })
    expect(o).toMatchObject({ passed: 1, total: 3, timed_out: true, language: 'javascript' })
    expect(o.results.map((r) => r.error)).toEqual([undefined, timeLimitMessage(800), timeLimitMessage(800)])
    expect(timeLimitMessage(800)).toBe('Time limit exceeded (800 ms)')
  })

  it('fails every test with the failure message (a syntax error) and shows top-level output first', () => {
    const o = assembleOutcome('python', tests, new Map(), { timedOut: false, timeoutMs: 800, failure: 'SyntaxError: bad (line 2)', prelude: 'top' })
    expect(o.passed).toBe(0)
    expect(o.results.every((r) => r.error === 'SyntaxError: bad (line 2)' && !r.passed)).toBe(true)
    expect(o.results[0]!.stdout).toBe('top')
    expect(o.results.map((r) => r.index)).toEqual([0, 1, 2])
  })
})

describe('acceptCase', () => {
  it('accepts a well-formed report once and rejects junk', () => {
    const reports = new Map<number, RawCase>()
    expect(acceptCase({ index: 1, actual: 5, ms: 2 }, 3, reports)).toEqual([1, { actual: 5, ms: 2 }])
    reports.set(1, { actual: 5, ms: 2 })
    expect(acceptCase({ index: 1, actual: 6, ms: 2 }, 3, reports)).toBeNull()
    expect(acceptCase({ index: 3, actual: 6, ms: 2 }, 3, reports)).toBeNull()
    expect(acceptCase({ index: 0.5, ms: 2 }, 3, reports)).toBeNull()
    expect(acceptCase({ index: 0, ms: -1 }, 3, reports)).toBeNull()
    expect(acceptCase({ index: 0, ms: 1, error: 5 }, 3, reports)).toBeNull()
    expect(acceptCase('case', 3, reports)).toBeNull()
  })
})

describe('RunCollector', () => {
  it('starts on ready, collects cases and finishes on done', () => {
    const c = new RunCollector('javascript', tests, 800)
    expect(c.handle({ type: 'ready' })).toBe('started')
    expect(c.handle({ type: 'case', index: 0, actual: [[1], { a: 2 }], ms: 1 })).toBe('continue')
    expect(c.handle({ type: 'case', index: 1, actual: 4, ms: 1 })).toBe('continue')
    expect(c.handle({ type: 'case', index: 2, actual: null, ms: 1 })).toBe('continue')
    expect(c.handle({ type: 'done' })).toBe('finished')
    const o = c.outcome(false)
    expect(o.results.map((r) => r.passed)).toEqual([true, false, true])
    expect(o).toMatchObject({ passed: 2, total: 3, timed_out: false })
  })

  it('ignores reports of another run and unknown messages', () => {
    const c = new RunCollector('python', tests, 800, 7)
    expect(c.handle({ type: 'done', runId: 6 })).toBe('continue')
    expect(c.handle({ type: 'case', runId: 6, index: 0, actual: [[1], { a: 2 }], ms: 1 })).toBe('continue')
    expect(c.handle({ type: 'forged' })).toBe('continue')
    expect(c.handle(null)).toBe('continue')
    expect(c.handle({ type: 'done', runId: 7, interrupted: true })).toBe('finished')
    const o = c.outcome(false)
    expect(o.passed).toBe(0)
    expect(o.timed_out).toBe(true)
  })

  it('turns a compile error into failed tests', () => {
    const c = new RunCollector('javascript', tests, 800)
    c.handle({ type: 'ready' })
    expect(c.handle({ type: 'compile-error', message: "SyntaxError: Unexpected token '{'" })).toBe('finished')
    expect(c.outcome(false).results.every((r) => r.error === "SyntaxError: Unexpected token '{'")).toBe(true)
  })
})

describe('plainTests', () => {
  it('copies tests into plain JSON (undefined expected becomes null)', () => {
    const src = [{ args: [[1]], expected: undefined }]
    const copy = plainTests(src)
    expect(copy).toEqual([{ args: [[1]], expected: null }])
    expect(copy[0]!.args).not.toBe(src[0]!.args)
  })
})
