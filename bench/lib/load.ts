/** One autocannon run against a loopback URL. */
import autocannon from 'autocannon';

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** Responses with an unexpected status. */
  bad: number;
  /** Requests completed. */
  total: number;
}

export interface LoadOptions {
  origin: string;
  /** Paths cycled through by each connection. */
  paths: string[];
  headers?: Record<string, string>;
  connections: number;
  seconds: number;
}

/** Loads `paths` for `seconds` with `connections` keep-alive connections. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  if (!options.origin.startsWith('http://127.0.0.1:')) throw new Error('load targets must be 127.0.0.1');
  const result = await autocannon({
    url: options.origin,
    connections: options.connections,
    duration: options.seconds,
    requests: options.paths.map((path) => ({ method: 'GET', path, headers: options.headers })),
    timeout: 10,
  });
  const bad = (result['5xx'] ?? 0) + (result['1xx'] ?? 0);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    bad,
    total: result.requests.total,
  };
}
