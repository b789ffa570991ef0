/** The REST client: JSON in and out, errors as ApiError with the server's code. */
import type {
  EventPage,
  Meta,
  ObserverJoined,
  Report,
  SessionCreate,
  SessionCreated,
  SessionEnded,
  SessionPublic,
} from '@/protocol'

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

interface RequestOptions {
  method?: string
  token?: string
  body?: unknown
}

async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json'
  let res: Response
  try {
    res = await fetch(path, {
      method: opts.method ?? 'GET',
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    })
  } catch (err) {
    throw new ApiError(0, 'network', `Network error: ${(err as Error).message}`)
  }
  const data = await res.json().catch(() => null)
  if (!res.ok) {
    const e = (data as { error?: { code?: string; message?: string } } | null)?.error
    throw new ApiError(res.status, e?.code ?? `http_${res.status}`, e?.message ?? res.statusText)
  }
  return data as T
}

export const api = {
  meta: () => request<Meta>('/meta'),
  createSession: (body: SessionCreate) =>
    request<SessionCreated>('/sessions', { method: 'POST', body }),
  joinAsObserver: (id: string, invite: string) =>
    request<ObserverJoined>(`/sessions/${encodeURIComponent(id)}/observers`, { method: 'POST', body: { invite } }),
  getSession: (id: string, token: string) =>
    request<SessionPublic>(`/sessions/${encodeURIComponent(id)}`, { token }),
  endSession: (id: string, token: string) =>
    request<SessionEnded>(`/sessions/${encodeURIComponent(id)}/end`, { method: 'POST', token }),
  report: (id: string, token: string) =>
    request<Report>(`/sessions/${encodeURIComponent(id)}/report`, { token }),
  events: (id: string, token: string, afterSeq = 0, limit = 500) =>
    request<EventPage>(
      `/sessions/${encodeURIComponent(id)}/events?after_seq=${afterSeq}&limit=${limit}`,
      { token },
    ),
}

/** Every logged event of a session, page by page. */
export async function fetchAllEvents(id: string, token: string): Promise<EventPage['events']> {
  const all: EventPage['events'] = []
  let after = 0
  for (let guard = 0; guard < 200; guard++) {
    const page = await api.events(id, token, after)
    all.push(...page.events)
    if (!page.has_more || page.events.length === 0) break
    after = page.events[page.events.length - 1].seq
  }
  return all
}
