/**
 * Whether a returned value matches the expected one, by the question's comparison mode. The same
 * rules as the server judge (backend/src/interview_sim/judge/compare.py); the shared cases in
 * backend/src/interview_sim/judge/compare_cases.json run through both.
 *
 * - "exact": strict JSON deep equality (deepEqual.ts).
 * - "unordered": both are arrays holding the same elements (each compared exactly) as multisets.
 * - "float": like exact, but two numbers match when |a - b| <= 1e-6 * max(1, |a|, |b|).
 */
import { deepEqual } from './deepEqual'

export type CompareMode = 'exact' | 'unordered' | 'float'

export const FLOAT_TOLERANCE = 1e-6

export function compareValues(actual: unknown, expected: unknown, mode: CompareMode = 'exact'): boolean {
  if (mode === 'unordered') return unorderedEqual(actual, expected)
  if (mode === 'float') return deepEqual(actual, expected, closeNumbers)
  return deepEqual(actual, expected)
}

export function closeNumbers(x: number, y: number): boolean {
  return Math.abs(x - y) <= FLOAT_TOLERANCE * Math.max(1, Math.abs(x), Math.abs(y))
}

function unorderedEqual(a: unknown, b: unknown): boolean {
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false
  const counts = new Map<string, number>()
  for (const x of a) counts.set(canonical(x), (counts.get(canonical(x)) ?? 0) + 1)
  for (const y of b) {
    const key = canonical(y)
    const left = counts.get(key) ?? 0
    if (left === 0) return false
    counts.set(key, left - 1)
  }
  return true
}

/** One text per exact-equality class: object keys sorted, -0 as 0, NaN as a marker. */
export function canonical(v: unknown): string {
  return JSON.stringify(normal(v))
}

function normal(v: unknown): unknown {
  if (typeof v === 'number') return Number.isNaN(v) ? { '\u0000': 'NaN' } : v === 0 ? 0 : v
  if (Array.isArray(v)) return v.map(normal)
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(v).sort()) out[k] = normal((v as Record<string, unknown>)[k])
    return out
  }
  return v
}
