/**
 * Runs the candidate's code on the sample tests in the browser sandbox and reports the run as a
 * `RUN_RESULT {kind: "sample"}` (labelled as reported by the page). Submits are judged on the
 * server (contract v2): hidden tests never reach the page. A sandbox that could not run at all is
 * not a test run: nothing is recorded, and `sandboxError` says why.
 */
import { ref } from 'vue'
import { runTests, type SandboxOutcome } from '@/composables/useSandbox'
import type { RunResult, TestCase } from '@/protocol'
import type { useSessionStore } from '@/stores/session'

type SessionStore = ReturnType<typeof useSessionStore>

export function toRunResult(outcome: SandboxOutcome): RunResult {
  return {
    kind: 'sample',
    passed: outcome.passed,
    total: outcome.total,
    results: outcome.results.map((r) => ({ ...r })),
    timed_out: outcome.timed_out,
    language: outcome.language,
  }
}

export function useTestRunner(store: SessionStore) {
  const running = ref('')
  const lastRun = ref<RunResult | null>(null)
  /** Why the last attempt could not run at all (then nothing was recorded as a run). */
  const sandboxError = ref('')
  /** Finished runs on this page (tests wait on it). */
  const runsDone = ref(0)

  async function run(tests: TestCase[]): Promise<void> {
    const q = store.room.question
    if (!q || running.value) return
    store.flushCode()
    running.value = 'Running sample tests…'
    try {
      const outcome = await runTests(store.room.language, store.room.code, tests, { functionName: q.function_name, compare: q.compare })
      sandboxError.value = outcome.sandbox_error ?? ''
      if (!outcome.sandbox_error) {
        lastRun.value = toRunResult(outcome)
        store.sendRunResult(lastRun.value)
      }
      runsDone.value += 1
    } finally {
      running.value = ''
    }
  }

  return {
    running,
    lastRun,
    sandboxError,
    runsDone,
    /** Ignored while a run is going (the button is disabled then too). */
    runSamples: () => run(store.room.question?.sample_tests ?? []),
  }
}
