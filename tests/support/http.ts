import { request } from 'node:http';

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, unknown>;
  readonly body: string;
}

/**
 * One HTTP request sent exactly as given (node:http, not fetch: fetch would add or refuse headers a
 * test needs to control, such as Host), to the origin of `baseUrl`.
 */
export function sendRaw(
  baseUrl: string,
  options: { path: string; method?: string; headers?: Record<string, string>; body?: string },
): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: options.path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
