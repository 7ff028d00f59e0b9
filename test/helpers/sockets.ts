import { io, type Socket } from 'socket.io-client';

/** A real Socket.IO client; with a session cookie it is that signed-in person. */
export function connect(baseUrl: string, cookie?: string): Promise<Socket> {
  const socket = io(baseUrl, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: cookie ? { cookie } : {},
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

// biome-ignore lint/suspicious/noExplicitAny: replies are inspected field by field
export function request<T = any>(socket: Socket, event: string, ...args: unknown[]): Promise<T> {
  return socket.timeout(5000).emitWithAck(event, ...args) as Promise<T>;
}

/** The next event of that name that satisfies `match`, or a rejection after `ms`. */
// biome-ignore lint/suspicious/noExplicitAny: payloads are inspected field by field
export function nextEvent<T = any>(
  socket: Socket,
  event: string,
  match: (payload: T) => boolean = () => true,
  ms = 3000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler);
      reject(new Error(`no ${event} within ${ms} ms`));
    }, ms);
    const handler = (payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, handler);
      resolve(payload);
    };
    socket.on(event, handler);
  });
}

/** Collects every event of that name until stopped. */
// biome-ignore lint/suspicious/noExplicitAny: payloads are inspected field by field
export function collect<T = any>(socket: Socket, event: string) {
  const seen: T[] = [];
  const handler = (p: T) => seen.push(p);
  socket.on(event, handler);
  return { seen, stop: () => socket.off(event, handler) };
}

export const newerVersion = (a: string, b: string) => a.length > b.length || (a.length === b.length && a > b);
