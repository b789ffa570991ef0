// @vitest-environment node
// Parity with the question bank's checker: every reference solution passes all its sample and
// hidden tests in the real sandbox, in both languages, within the default time limits.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserTestsEnabled, openSandboxPage, type Harness } from './browser'
import { FRONTEND_DIR } from './buildPage'
import type { SandboxTest } from '../../src/lib/sandboxTypes'

interface BankQuestion {
  function_name?: string
  sample_tests: SandboxTest[]
  hidden_tests: SandboxTest[]
  solutions: { javascript: string; python: string }
}

const BANK_DIR = join(FRONTEND_DIR, '..', 'backend', 'src', 'interview_sim', 'questions', 'data')
const files = readdirSync(BANK_DIR).filter((f) => f.endsWith('.json')).sort()

let h: Harness

beforeAll(async () => {
  if (!browserTestsEnabled) return
  h = await openSandboxPage()
})

afterAll(async () => {
  await h?.close()
})

describe.skipIf(!browserTestsEnabled)('question bank reference solutions in the sandbox', () => {
  it('finds the bank', () => {
    expect(files.length).toBeGreaterThan(10)
  })

  for (const language of ['javascript', 'python'] as const) {
    it(`passes every test of every question in ${language}`, async () => {
      const failures: string[] = []
      for (const file of files) {
        const q = JSON.parse(readFileSync(join(BANK_DIR, file), 'utf8')) as BankQuestion
        const tests = [...q.sample_tests, ...q.hidden_tests]
        const o = await h.run(language, q.solutions[language], tests, { functionName: q.function_name ?? 'solution' })
        if (o.passed !== o.total || o.timed_out) {
          const bad = o.results.find((r) => !r.passed)
          failures.push(`${file}: ${o.passed}/${o.total}${o.timed_out ? ' timed out' : ''} ${JSON.stringify(bad).slice(0, 200)}`)
        }
      }
      expect(failures).toEqual([])
    }, 180_000)
  }
})
