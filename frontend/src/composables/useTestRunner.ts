/**
 * Runs the candidate's code in the sandbox and reports it: sample runs on request, hidden tests
 * when the server sends RUN_REQUEST (a submit). Each finished run is sent as RUN_RESULT.
 */
import { ref } from 'vue'
import { runTests, type SandboxOutcome } from '@/composables/useSandbox'
import type { RunResult, TestCase } from '@/protocol'
import type { useSessionStore } from '@/stores/session'

type SessionStore = ReturnType<typeof useSessionStore>

export function toRunResult(kind: RunResult['kind'], outcome: SandboxOutcome): RunResult {
  return {
    kind,
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
  /** Finished runs on this page (tests wait on it). */
  const runsDone = ref(0)

  async function run(kind: RunResult['kind'], tests: TestCase[]): Promise<void> {
    const q = store.room.question
    if (!q || running.value) return
    store.flushCode()
    running.value = kind === 'sample' ? 'Running sample tests…' : 'Running hidden tests…'
    try {
      const outcome = await runTests(store.room.language, store.room.code, tests, { functionName: q.function_name })
      lastRun.value = toRunResult(kind, outcome)
      store.sendRunResult(lastRun.value)
      runsDone.value += 1
    } finally {
      running.value = ''
    }
  }

  return {
    running,
    lastRun,
    runsDone,
    runSamples: () => run('sample', store.room.question?.sample_tests ?? []),
    runHidden: (tests: TestCase[]) => run('submit', tests),
  }
}
