/**
 * The fake `console` handed to candidate JavaScript: every method writes one line into a
 * capped buffer (STDOUT_MAX_LINES lines / STDOUT_MAX_CHARS characters per test); output past
 * the cap is dropped and a single "[output truncated]" line says so.
 */
import { toJsonSafe } from './sandboxJson'
import { STDOUT_MAX_CHARS, STDOUT_MAX_LINES } from './sandboxTypes'

export const TRUNCATED_MARK = '[output truncated]'

export type FakeConsole = Record<string, (...args: unknown[]) => void>

export class OutputBuffer {
  private lines: string[] = []
  private chars = 0
  private truncated = false
  private readonly counters = new Map<string, number>()
  readonly console: FakeConsole

  constructor(
    private readonly maxLines = STDOUT_MAX_LINES,
    private readonly maxChars = STDOUT_MAX_CHARS,
  ) {
    this.console = makeConsole(this)
  }

  /** Adds one line (it may contain newlines: each counts). */
  write(text: string): void {
    for (const line of text.split('\n')) this.push(line)
  }

  count(label: string): number {
    const n = (this.counters.get(label) ?? 0) + 1
    this.counters.set(label, n)
    return n
  }

  /** Everything written since the last take, then starts afresh. */
  take(): string {
    const text = this.truncated ? [...this.lines, TRUNCATED_MARK].join('\n') : this.lines.join('\n')
    this.lines = []
    this.chars = 0
    this.truncated = false
    return text
  }

  private push(line: string): void {
    if (this.truncated) return
    const room = this.maxChars - this.chars
    if (this.lines.length >= this.maxLines || room <= 0) {
      this.truncated = true
      return
    }
    const kept = line.length > room ? line.slice(0, room) : line
    this.lines.push(kept)
    this.chars += kept.length + 1
    if (kept.length < line.length) this.truncated = true
  }
}

/** Formats console arguments like a browser's console, roughly: strings raw, the rest as JSON. */
export function formatArgs(args: unknown[]): string {
  return args.map(formatOne).join(' ')
}

function formatOne(arg: unknown): string {
  if (typeof arg === 'string') return arg
  const safe = toJsonSafe(arg)
  if (typeof safe === 'string') return safe
  return JSON.stringify(safe) ?? String(safe)
}

function makeConsole(out: OutputBuffer): FakeConsole {
  const log = (...args: unknown[]): void => out.write(formatArgs(args))
  const prefixed =
    (prefix: string) =>
    (...args: unknown[]): void =>
      out.write(`${prefix}${formatArgs(args)}`)
  return {
    log,
    info: log,
    debug: log,
    trace: log,
    dir: log,
    table: log,
    warn: prefixed('Warning: '),
    error: prefixed('Error: '),
    assert: (cond: unknown, ...args: unknown[]): void => {
      if (!cond) out.write(`Assertion failed${args.length ? `: ${formatArgs(args)}` : ''}`)
    },
    count: (label: unknown = 'default'): void => out.write(`${String(label)}: ${out.count(String(label))}`),
    group: log,
    groupEnd: () => {},
    time: () => {},
    timeEnd: () => {},
  }
}
