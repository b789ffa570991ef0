/** The sessions this browser started, kept in localStorage so tokens survive a reload. */
import type { CompanyMode, Difficulty, Language } from '@/protocol'

export interface RememberedSession {
  session_id: string
  candidate_token: string
  observer_token: string
  created_at: string
  title: string
  company_mode: CompanyMode
  difficulty: Difficulty
  language: Language
}

const KEY = 'interview-sim.sessions'
const MAX = 50

export function listSessions(): RememberedSession[] {
  try {
    const raw = localStorage.getItem(KEY)
    const list = raw ? (JSON.parse(raw) as unknown) : []
    return Array.isArray(list) ? (list as RememberedSession[]) : []
  } catch {
    return []
  }
}

export function rememberSession(entry: RememberedSession): void {
  const rest = listSessions().filter((s) => s.session_id !== entry.session_id)
  localStorage.setItem(KEY, JSON.stringify([entry, ...rest].slice(0, MAX)))
}

export function forgetSession(sessionId: string): void {
  const rest = listSessions().filter((s) => s.session_id !== sessionId)
  localStorage.setItem(KEY, JSON.stringify(rest))
}

export function findSession(sessionId: string): RememberedSession | undefined {
  return listSessions().find((s) => s.session_id === sessionId)
}

/**
 * The token a page should use: a `?token=` from a shared link wins, else this browser's saved
 * token for the wanted role (a candidate token also opens observer and report pages).
 */
export function tokenFor(
  sessionId: string,
  role: 'candidate' | 'observer',
  queryToken?: unknown,
): string | null {
  if (typeof queryToken === 'string' && queryToken) return queryToken
  const saved = findSession(sessionId)
  if (!saved) return null
  return role === 'candidate' ? saved.candidate_token : saved.observer_token
}
