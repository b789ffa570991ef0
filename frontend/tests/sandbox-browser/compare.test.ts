// @vitest-environment node
// The browser runner's comparison, in Chromium, on the cases shared with the server judge
// (backend/src/interview_sim/judge/compare_cases.json; backend/tests/unit/test_judge_compare.py runs the same).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserTestsEnabled, openSandboxPage, type Harness, type WithSandbox } from './browser'
import { COMPARE_CASES, type CompareCase } from '../helpers/compareCases'

let h: Harness

beforeAll(async () => {
  if (browserTestsEnabled) h = await openSandboxPage()
})

afterAll(async () => {
  await h?.close()
})

describe.skipIf(!browserTestsEnabled)('the browser runner compares like the server judge', () => {
  it('gives every shared case its expected answer, both ways round', async () => {
    const verdicts = await h.page.evaluate((cases: CompareCase[]) => {
      const decode = (v: unknown): unknown => {
        if (Array.isArray(v)) return v.map(decode)
        if (typeof v !== 'object' || v === null) return v
        const special = (v as Record<string, unknown>).$number
        if (Object.keys(v).length === 1 && typeof special === 'string') return special === '-0' ? -0 : Number(special)
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decode(x)]))
      }
      const { compareValues } = (window as unknown as WithSandbox).sandbox
      return cases.map((c) => [compareValues(decode(c.actual), decode(c.expected), c.compare), compareValues(decode(c.expected), decode(c.actual), c.compare)])
    }, COMPARE_CASES)
    const wrong = COMPARE_CASES.filter((c, i) => verdicts[i]![0] !== c.equal || verdicts[i]![1] !== c.equal).map((c) => c.name)
    expect(wrong).toEqual([])
    expect(verdicts).toHaveLength(COMPARE_CASES.length)
  })

  it('runs a question in "unordered" and "float" modes end to end', async () => {
    const code = 'function solution(n) { return n === 1 ? [3, 1, 2] : [0.1 + 0.2, 2] }'
    const unordered = await h.run('javascript', code, [{ args: [1], expected: [1, 2, 3] }], { compare: 'unordered' })
    const float = await h.run('javascript', code, [{ args: [2], expected: [0.3, 2] }], { compare: 'float' })
    const exact = await h.run('javascript', code, [{ args: [2], expected: [0.3, 2] }])
    expect([unordered.passed, float.passed, exact.passed]).toEqual([1, 1, 0])
  })
})
