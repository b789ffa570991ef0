/**
 * The socket.io seam. The store only talks to `SocketLike`, so unit tests inject a fake and the
 * app gets a real socket.io-client connection on `/ws`.
 */
import { io } from 'socket.io-client'
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
}

export interface SocketAuth {
  session_id: string
  token: string
}

export type SocketFactory = (auth: SocketAuth) => SocketLike

/** A real socket.io-client connection (websocket first, polling as fallback). */
export const createSocket: SocketFactory = (auth) => {
  const socket = io({
    path: '/ws',
    transports: ['websocket', 'polling'],
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
  } as SocketLike
}
