/**
 * Pages in which every websocket fails as one refused by a proxy that drops upgrades does (an
 * `error`, then `close` 1006), so the page falls back to long-polling. (Chromium's URL blocking
 * does not cover websockets, and a routed websocket closed by Playwright never says `error`.)
 */
export const BLOCK_WEBSOCKETS = `
  (() => {
    class RefusedWebSocket extends EventTarget {
      constructor(url) {
        super();
        Object.assign(this, { url, readyState: 0, protocol: '', extensions: '', bufferedAmount: 0, binaryType: 'blob' });
        setTimeout(() => {
          this.readyState = 3;
          const error = new Event('error');
          this.onerror && this.onerror(error);
          this.dispatchEvent(error);
          const closed = new CloseEvent('close', { code: 1006, wasClean: false });
          this.onclose && this.onclose(closed);
          this.dispatchEvent(closed);
        }, 5);
      }
      send() { throw new DOMException('not open', 'InvalidStateError'); }
      close() {}
    }
    Object.assign(RefusedWebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
    window.WebSocket = RefusedWebSocket;
  })();
`
