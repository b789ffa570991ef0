/**
 * Runner-side (main thread) assembly of a run's outcome from what a worker reported.
 * Pass/fail is decided here, never in the worker: the worker only reports actual values.
 */
import { compareValues } from './compare'
import { displayValue } from './sandboxJson'
import type { CompareMode } from './compare'
import type { RawCase, SandboxCaseResult, SandboxLanguage, SandboxOutcome, SandboxTest } from './sandboxTypes'

export function timeLimitMessage(timeoutMs: number): string {
  return `Time limit exceeded (${timeoutMs} ms)`
}

/** One test's result: passed when there was no error and `actual` matches `expected` (compare.ts). */
export function scoreCase(index: number, test: SandboxTest, raw: RawCase): SandboxCaseResult {
  const passed = raw.error === undefined && compareValues(raw.actual, test.expected, test.compare)
  const result: SandboxCaseResult = {
    index,
    passed,
    expected: displayValue(test.expected),
    actual: displayValue(raw.actual),
    ms: raw.ms,
  }
  if (raw.error !== undefined) result.error = raw.error
  if (raw.stdout) result.stdout = raw.stdout
  return result
}

export interface RunEnd {
  /** The limit struck before every test reported. */
  timedOut: boolean
  timeoutMs: number
  /** Why unfinished tests did not run (syntax error, crash); used when not timed out. */
  failure?: string
  /** Output printed before any test ran (top-level code), shown with the first test. */
  prelude?: string
}

/**
 * The outcome of a run: every test gets a result; tests without a report fail with the time
 * limit message (when timed out) or the failure message.
 */
export function assembleOutcome(language: SandboxLanguage, tests: SandboxTest[], reports: ReadonlyMap<number, RawCase>, end: RunEnd): SandboxOutcome {
  const missing = end.timedOut ? timeLimitMessage(end.timeoutMs) : (end.failure ?? 'Not run')
  const results = tests.map((test, index) => {
    const raw = reports.get(index) ?? { actual: null, ms: 0, error: missing }
    return scoreCase(index, test, index === 0 && end.prelude ? withPrelude(raw, end.prelude) : raw)
  })
  return {
    passed: results.filter((r) => r.passed).length,
    total: tests.length,
    results,
    timed_out: end.timedOut,
    language,
  }
}

function withPrelude(raw: RawCase, prelude: string): RawCase {
  return { ...raw, stdout: raw.stdout ? `${prelude}\n${raw.stdout}` : prelude }
}

/**
 * Validates a worker's per-test report: a known index not reported before, a number for `ms`,
 * strings for `error`/`stdout`. Anything else is ignored (returns null).
 */
export function acceptCase(data: unknown, total: number, reports: ReadonlyMap<number, RawCase>): [number, RawCase] | null {
  if (typeof data !== 'object' || data === null) return null
  const d = data as Record<string, unknown>
  const index = d.index
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= total || reports.has(index)) return null
  if (typeof d.ms !== 'number' || !(d.ms >= 0)) return null
  if (d.error !== undefined && typeof d.error !== 'string') return null
  if (d.stdout !== undefined && typeof d.stdout !== 'string') return null
  const raw: RawCase = { actual: d.actual ?? null, ms: d.ms }
  if (typeof d.error === 'string') raw.error = d.error
  if (typeof d.stdout === 'string' && d.stdout) raw.stdout = d.stdout
  return [index, raw]
}

/** Plain JSON copies of the tests: drops reactive proxies, which cannot be posted to a worker. */
export function plainTests(tests: readonly SandboxTest[], compare?: CompareMode): SandboxTest[] {
  return tests.map((t) => {
    const plain: SandboxTest = { args: JSON.parse(JSON.stringify(t.args ?? [])) as unknown[], expected: JSON.parse(JSON.stringify(t.expected ?? null)) as unknown }
    const mode = t.compare ?? compare
    if (mode) plain.compare = mode
    return plain
  })
}
