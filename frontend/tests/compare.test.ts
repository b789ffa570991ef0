import { describe, expect, it } from 'vitest'
import { compareValues } from '../src/lib/compare'
import { COMPARE_CASES, decodeNumbers } from './helpers/compareCases'

describe('compareValues on the cases shared with the server judge', () => {
  it.each(COMPARE_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const actual = decodeNumbers(c.actual)
    const expected = decodeNumbers(c.expected)
    expect(compareValues(actual, expected, c.compare)).toBe(c.equal)
    expect(compareValues(expected, actual, c.compare)).toBe(c.equal)
  })

  it('has the cases (the fixture is not empty)', () => {
    expect(COMPARE_CASES.length).toBeGreaterThan(40)
    expect(new Set(COMPARE_CASES.map((c) => c.compare))).toEqual(new Set(['exact', 'unordered', 'float']))
  })
})
