// The comparison cases shared with the server judge (backend/src/interview_sim/judge/compare_cases.json).
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { CompareMode } from '../../src/lib/compare'

export interface CompareCase {
  name: string
  compare: CompareMode
  actual: unknown
  expected: unknown
  equal: boolean
}

// Vitest runs from frontend/ (both configs).
const FILE = resolve(process.cwd(), '../backend/src/interview_sim/judge/compare_cases.json')

export const COMPARE_CASES: CompareCase[] = (JSON.parse(readFileSync(FILE, 'utf8')) as { cases: CompareCase[] }).cases

/** `{"$number": "NaN" | "Infinity" | "-Infinity" | "-0"}` becomes that number (JSON has no literal). */
export function decodeNumbers(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decodeNumbers)
  if (typeof v !== 'object' || v === null) return v
  const keys = Object.keys(v)
  const special = (v as Record<string, unknown>).$number
  if (keys.length === 1 && typeof special === 'string') return special === '-0' ? -0 : Number(special)
  return Object.fromEntries(keys.map((k) => [k, decodeNumbers((v as Record<string, unknown>)[k])]))
}
