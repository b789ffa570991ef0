/**
 * The socket.io seam. The store only talks to `SocketLike`, so unit tests inject a fake and the
 * app gets a real socket.io-client connection on `/ws`.
 */
import { io } from 'socket.io-client'
import { probeOrigin, type OriginProbe } from '@/lib/originCheck'
import type { Ack, Envelope } from '@/protocol'

export interface ConnectErrorLike {
  message: string
  data?: { code?: string; message?: string }
}

export interface SocketLike {
  readonly connected: boolean
  connect(): void
  disconnect(): void
  emit(type: string, envelope: Envelope, ack?: (res: Ack) => void): void
  on(event: 'connect', fn: () => void): void
  on(event: 'disconnect', fn: (reason: string) => void): void
  on(event: 'connect_error', fn: (err: ConnectErrorLike) => void): void
  onAny(fn: (type: string, envelope: Envelope) => void): void
  onReconnectAttempt(fn: (attempt: number) => void): void
  /** Asks the server whether it refuses this page's origin (the handshake itself cannot say). */
  checkOrigin?: OriginProbe
}

export interface SocketAuth {
  session_id: string
  token: string
}

export type SocketFactory = (auth: SocketAuth) => SocketLike

/**
 * A real socket.io-client connection: websocket first, long-polling when a websocket cannot open
 * (a proxy that does not pass upgrades). socket.io-client only falls back with `tryAllTransports`.
 */
export const createSocket: SocketFactory = (auth) => {
  const socket = io({
    path: '/ws',
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    auth: { ...auth },
    autoConnect: false,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
  })
  return {
    get connected() {
      return socket.connected
    },
    connect: () => void socket.connect(),
    disconnect: () => void socket.disconnect(),
    emit: (type, envelope, ack) => {
      if (ack) socket.emit(type, envelope, ack)
      else socket.emit(type, envelope)
    },
    on: (event: string, fn: (...args: never[]) => void) => {
      socket.on(event as 'connect', fn as () => void)
    },
    onAny: (fn) => void socket.onAny(fn),
    onReconnectAttempt: (fn) => void socket.io.on('reconnect_attempt', fn),
    checkOrigin: probeOrigin,
  } as SocketLike
}
