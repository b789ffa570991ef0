/**
 * Why the socket cannot connect, when the server will not say: a handshake refused for its Origin
 * is a bare HTTP 400 that the browser hides from scripts (and long-polling may keep retrying). The
 * page then asks `POST /origin-check` (a POST carries the page's Origin) whether the server takes
 * this page's origin for its own, and turns a "no" into a message an operator can act on.
 */
import type { ErrorPayload } from '@/protocol'

export const ORIGIN_REFUSED = 'origin_refused'

export interface OriginCheck {
  origin: string | null
  accepted: boolean
  server_origin: string
}

export type OriginProbe = () => Promise<OriginCheck | null>

/** The real probe; null when the server cannot be asked (down, or an older server). */
export const probeOrigin: OriginProbe = async () => {
  try {
    const res = await fetch('/origin-check', { method: 'POST', headers: { Accept: 'application/json' } })
    return res.ok ? ((await res.json()) as OriginCheck) : null
  } catch {
    return null
  }
}

export function originRefused(check: OriginCheck): ErrorPayload {
  const page = check.origin ?? (typeof location === 'undefined' ? 'this page' : location.origin)
  return {
    code: ORIGIN_REFUSED,
    message:
      `The server refuses this page's live connection: the page is at ${page}, but the server takes ` +
      `its own address to be ${check.server_origin}. Nothing you type is sent (it stays queued on ` +
      `this page). If a proxy is in front of the server, it must pass the Host header with its port ` +
      `(nginx: proxy_set_header Host $http_host), or the server needs PUBLIC_ORIGIN=${page}.`,
  }
}
