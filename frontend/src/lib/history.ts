/**
 * The sessions this browser started. Tokens stay in sessionStorage (this tab, gone when it closes)
 * unless the candidate asked to keep the session in this browser's history (localStorage).
 *
 * A candidate's entry holds the candidate token and the observer *invite*, never an observer token:
 * observers trade the invite for a token of their own (kept by their own page, in sessionStorage).
 */
import type { CompanyMode, Difficulty, Language } from '@/protocol'

export interface RememberedSession {
  session_id: string
  candidate_token: string
  observer_invite: string
  created_at: string
  title: string
  company_mode: CompanyMode
  difficulty: Difficulty
  language: Language
}

const KEY = 'interview-sim.sessions'
const OBSERVING = 'interview-sim.observer-tokens'
const MAX = 50

function read<T>(storage: Storage, key: string, fallback: T): T {
  try {
    const raw = storage.getItem(key)
    const value = raw ? (JSON.parse(raw) as unknown) : fallback
    return (Array.isArray(fallback) ? (Array.isArray(value) ? value : fallback) : value ?? fallback) as T
  } catch {
    return fallback
  }
}

function listIn(storage: Storage): RememberedSession[] {
  return read<RememberedSession[]>(storage, KEY, []).filter((s) => s && typeof s.session_id === 'string')
}

/** This tab's sessions and the kept ones, newest first, each once. */
export function listSessions(): RememberedSession[] {
  const seen = new Set<string>()
  const all = [...listIn(sessionStorage), ...listIn(localStorage)]
  return all.filter((s) => !seen.has(s.session_id) && seen.add(s.session_id) !== undefined)
}

/** Remember a session in this tab, or in this browser's history when `keep`. */
export function rememberSession(entry: RememberedSession, keep = false): void {
  const storage = keep ? localStorage : sessionStorage
  const rest = listIn(storage).filter((s) => s.session_id !== entry.session_id)
  storage.setItem(KEY, JSON.stringify([entry, ...rest].slice(0, MAX)))
}

export function forgetSession(sessionId: string): void {
  for (const storage of [sessionStorage, localStorage]) {
    const rest = listIn(storage).filter((s) => s.session_id !== sessionId)
    storage.setItem(KEY, JSON.stringify(rest))
  }
  rememberObserverToken(sessionId, null)
}

export function findSession(sessionId: string): RememberedSession | undefined {
  return listSessions().find((s) => s.session_id === sessionId)
}

/** An observer token this tab got by joining through an invite (null forgets it). */
export function rememberObserverToken(sessionId: string, token: string | null): void {
  const tokens = read<Record<string, string>>(sessionStorage, OBSERVING, {})
  if (token) tokens[sessionId] = token
  else delete tokens[sessionId]
  sessionStorage.setItem(OBSERVING, JSON.stringify(tokens))
}

export function observerTokenFor(sessionId: string): string | null {
  const token = read<Record<string, string>>(sessionStorage, OBSERVING, {})[sessionId]
  return typeof token === 'string' && token ? token : null
}

/**
 * The token a page should use: one from the link (`#token=`) wins, else this tab's or browser's saved
 * token for the role. The observer role never falls back to the candidate's token (a candidate's
 * page holds no observer credential).
 */
export function tokenFor(sessionId: string, role: 'candidate' | 'observer', linkToken?: string | null): string | null {
  if (linkToken) return linkToken
  if (role === 'observer') return observerTokenFor(sessionId)
  return findSession(sessionId)?.candidate_token ?? null
}

/** The observer link a candidate shares: the invite rides in the fragment, never sent to a server. */
export function observerLink(origin: string, sessionId: string, invite: string): string {
  return `${origin}/observe/${encodeURIComponent(sessionId)}#invite=${encodeURIComponent(invite)}`
}
