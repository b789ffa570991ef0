/**
 * Collects one run's reports from a worker's private port and turns them into the outcome.
 * Shared by the JavaScript and Python runners; ignores anything malformed or out of place.
 */
import { acceptCase, assembleOutcome } from './sandboxResults'
import type { RawCase, SandboxLanguage, SandboxOutcome, SandboxTest } from './sandboxTypes'

/** What a report means for the runner: keep waiting, start the clock, or stop. */
export type Step = 'continue' | 'started' | 'finished'

export class RunCollector {
  private readonly reports = new Map<number, RawCase>()
  private prelude?: string
  private failure?: string
  private sandboxError?: string
  /** The worker said it was interrupted (Python's KeyboardInterrupt at the limit). */
  interrupted = false

  constructor(
    readonly language: SandboxLanguage,
    readonly tests: SandboxTest[],
    readonly timeoutMs: number,
    private readonly runId?: number,
  ) {}

  handle(data: unknown): Step {
    if (typeof data !== 'object' || data === null) return 'continue'
    const msg = data as Record<string, unknown>
    if (this.runId !== undefined && msg.runId !== this.runId) return 'continue'
    switch (msg.type) {
      case 'ready':
      case 'started':
        return 'started'
      case 'case':
        return this.onCase(msg)
      case 'prelude':
        if (typeof msg.stdout === 'string') this.prelude = msg.stdout
        return 'continue'
      case 'compile-error':
        this.fail(typeof msg.message === 'string' ? msg.message : 'Compilation failed')
        if (typeof msg.stdout === 'string' && msg.stdout) this.prelude = msg.stdout
        return 'finished'
      case 'done':
        if (typeof msg.fatal === 'string') this.fail(msg.fatal)
        this.interrupted = msg.interrupted === true
        return 'finished'
    }
    return 'continue'
  }

  /** Records why unfinished tests did not run (the first reason wins). */
  fail(message: string): void {
    this.failure ??= message
  }

  /** The sandbox could not run the code at all (not the code's fault): no test run happened. */
  unavailable(message: string): void {
    this.fail(message)
    this.sandboxError ??= message
  }

  outcome(timedOut: boolean): SandboxOutcome {
    const outcome = assembleOutcome(this.language, this.tests, this.reports, {
      timedOut: timedOut || this.interrupted,
      timeoutMs: this.timeoutMs,
      failure: this.failure,
      prelude: this.prelude,
    })
    return this.sandboxError ? { ...outcome, sandbox_error: this.sandboxError } : outcome
  }

  private onCase(msg: Record<string, unknown>): Step {
    const accepted = acceptCase(msg, this.tests.length, this.reports)
    if (accepted) this.reports.set(accepted[0], accepted[1])
    return 'continue'
  }
}
