// A TCP proxy that can simulate an outage of whatever sits behind it (PostgreSQL, Redis):
//   cut('refuse')    destroy every live connection and stop listening (connect → ECONNREFUSED), like a dead server;
//   cut('blackhole') stop forwarding bytes and accept-but-never-answer new connections, like a network partition;
//   restore()        drop whatever the outage left behind and accept again on the same port.
import net from 'node:net';

export type CutMode = 'refuse' | 'blackhole';

export interface TcpProxy {
  port: number;
  /** The target URL with host:port replaced by the proxy's. */
  url(target: string): string;
  readonly state: 'up' | CutMode;
  /** Connections accepted since start. */
  readonly accepted: number;
  cut(mode?: CutMode): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let state: 'up' | CutMode = 'up';
  let accepted = 0;
  let server: net.Server | undefined;

  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };

  const onConnection = (client: net.Socket) => {
    accepted++;
    track(client);
    if (state === 'blackhole') return; // accepted, never answered
    if (state === 'refuse') {
      client.destroy();
      return;
    }
    const upstream = net.connect(targetPort, targetHost);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  };

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const s = net.createServer(onConnection);
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        server = s;
        resolve((s.address() as net.AddressInfo).port);
      });
    });

  const stopListening = () =>
    new Promise<void>((resolve) => {
      const s = server;
      server = undefined;
      if (!s) return resolve();
      s.close(() => resolve());
    });

  const destroyAll = () => {
    for (const s of sockets) s.destroy();
  };

  const port = await listen(0);

  return {
    port,
    url(target) {
      const u = new URL(target);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    get state() {
      return state;
    },
    get accepted() {
      return accepted;
    },
    async cut(mode = 'refuse') {
      state = mode;
      if (mode === 'refuse') {
        destroyAll();
        await stopListening();
      } else {
        // Freeze every live connection: bytes already sent are never delivered, nothing comes back.
        for (const s of sockets) {
          s.unpipe();
          s.pause();
        }
      }
    },
    async restore() {
      destroyAll(); // connections frozen or half-dead during the outage do not come back
      state = 'up';
      if (!server) await listen(port);
    },
    async close() {
      state = 'refuse';
      destroyAll();
      await stopListening();
    },
  };
}
