import http from 'node:http';
import type { AddressInfo } from 'node:net';

// For the retry tests of the service clients (Kubernetes, MLflow): a loopback HTTP server that
// answers from a script, standing in for a service that restarts, sheds load or refuses, and a
// port where nothing listens, standing in for one that is gone.

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
}

export interface ScriptedServer<A extends ScriptedAnswer> {
  readonly url: string;
  /** `METHOD /path?query` of every request, in order. */
  readonly seen: string[];
  /** The next requests get these answers, in order; after them, the fallback. */
  script(...answers: A[]): void;
  /** Forgets the script and what was seen, between tests. */
  reset(): void;
  close(): Promise<void>;
}

export async function startScriptedServer<A extends ScriptedAnswer>(options: {
  /** The answer once the script has run out. */
  fallback: A;
  /** The JSON body of an answer. */
  body: (answer: A) => unknown;
}): Promise<ScriptedServer<A>> {
  const seen: string[] = [];
  let queue: A[] = [];
  const server = http.createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    const answer = queue.shift() ?? options.fallback;
    response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    response.end(JSON.stringify(options.body(answer)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    script: (...answers) => queue.push(...answers),
    reset: () => {
      queue = [];
      seen.length = 0;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A loopback port that was free a moment ago: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
