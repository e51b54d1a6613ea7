/** How the HTTP-level tests and benchmarks phrase a request: a bearer token and a JSON or form body. */
export interface RequestParts {
  bearer?: string;
  json?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
}

/** The `fetch` init for `parts`: the Authorization header, and the body with its content type. */
export function requestInit(method: string, parts: RequestParts = {}): RequestInit & { headers: Record<string, string> } {
  const headers: Record<string, string> = { ...parts.headers };
  if (parts.bearer) headers.authorization = `Bearer ${parts.bearer}`;
  let body: string | undefined;
  if (parts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(parts.json);
  } else if (parts.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(parts.form).toString();
  }
  return { method, headers, body };
}
