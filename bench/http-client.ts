import http from 'node:http';

/** A request of the load generators (bench:http, bench:ryw). */
export interface Request {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/** The status (or the network error's code) and the body. */
export interface Answer {
  status: number | string;
  body: string;
}

/** An answer slower than this is given up as an error ('timeout'), so a run always ends. */
export const REQUEST_TIMEOUT_MS = 30_000;

// LIFO: the busiest sockets are reused, so few sit idle long enough for the server's keep-alive timeout to close one as it is reused.
// `timeout`: a socket left idle 4 s is closed by the client, before the server's 5 s keep-alive timeout
// can close it under a request (a stall that needs every socket took one idle since the last kind: ECONNRESET).
// In use, the timeout only tells the request, which has its own (REQUEST_TIMEOUT_MS).
export const agent = new http.Agent({ keepAlive: true, maxSockets: 256, scheduling: 'lifo', timeout: 4_000 });

/** Sends one request over the shared keep-alive agent; never rejects: a failure is its answer. */
export function send(base: string, request: Request): Promise<Answer> {
  const body = request.body === undefined ? undefined : JSON.stringify(request.body);
  return new Promise((resolve) => {
    const req = http.request(
      new URL(request.path, base),
      {
        method: request.method,
        agent,
        headers: { ...request.headers, ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => finish({ status: res.statusCode ?? 'no status', body: Buffer.concat(chunks).toString() }));
        res.on('error', (error: NodeJS.ErrnoException) => finish({ status: error.code ?? error.message, body: '' }));
      },
    );
    const timer = setTimeout(() => req.destroy(Object.assign(new Error('timeout'), { code: 'timeout' })), REQUEST_TIMEOUT_MS);
    const finish = (answer: Answer) => {
      clearTimeout(timer);
      resolve(answer);
    };
    req.on('error', (error: NodeJS.ErrnoException) => finish({ status: error.code ?? error.message, body: '' }));
    req.end(body);
  });
}
