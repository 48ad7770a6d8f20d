// The client sockets a WebSocket test opened, so each test can end with none left behind.
import type WebSocket from 'ws';

export class SocketSet extends Set<WebSocket> {
  /** Terminates every socket (a refused handshake reports an error nobody needs) and forgets them. */
  closeAll(): void {
    for (const ws of this) {
      ws.on('error', () => undefined);
      ws.terminate();
    }
    this.clear();
  }
}
