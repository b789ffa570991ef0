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
  /** Why the last attempt could not run at all (then nothing was recorded as a run). */
  const sandboxError = ref('')
  /** Finished runs on this page (tests wait on it). */
  const runsDone = ref(0)

  // One run at a time; a RUN_REQUEST that arrives during a sample run waits for it, never drops.
  let queue: Promise<void> = Promise.resolve()

  function enqueue(kind: RunResult['kind'], tests: TestCase[]): Promise<void> {
    queue = queue.then(() => run(kind, tests)).catch(() => undefined)
    return queue
  }

  async function run(kind: RunResult['kind'], tests: TestCase[]): Promise<void> {
    const q = store.room.question
    if (!q) return
    store.flushCode()
    running.value = kind === 'sample' ? 'Running sample tests…' : 'Running hidden tests…'
    try {
      const outcome = await runTests(store.room.language, store.room.code, tests, { functionName: q.function_name })
      sandboxError.value = outcome.sandbox_error ?? ''
      if (!outcome.sandbox_error) {
        lastRun.value = toRunResult(kind, outcome)
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
    runSamples: () => (running.value ? Promise.resolve() : enqueue('sample', store.room.question?.sample_tests ?? [])),
    runHidden: (tests: TestCase[]) => enqueue('submit', tests),
  }
}
