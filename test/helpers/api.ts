import { assertMatchesContract } from './contract.js';

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** Calls the API over real HTTP and checks every response against the OpenAPI document. */
// biome-ignore lint/suspicious/noExplicitAny: tests read response fields directly
export async function api<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; json?: unknown; body?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(baseUrl + path, { method, headers, body });
  const text = await res.text();
  const contentType = res.headers.get('content-type') ?? '';
  const parsed = contentType.includes('json') && text ? JSON.parse(text) : text;
  if (contentType.includes('json') || res.status === 204 || contentType.includes('csv')) {
    assertMatchesContract(method, path, res.status, contentType, parsed);
  }
  return { status: res.status, headers: res.headers, body: parsed as T, text };
}
