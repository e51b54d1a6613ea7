import type { FastifyInstance } from 'fastify';
import { json, mgmt } from './server.js';

/** A custom API the tests address: `https://api.example.com/` with the scope `read:things`. */
export const THINGS_API = 'https://api.example.com/';

export interface ApiBody {
  id: string;
  identifier: string;
  [field: string]: unknown;
}

/** Registers an API (POST /api/v2/resource-servers) with the admin token; `scopes` as plain values. */
export async function registerApi(
  app: FastifyInstance,
  identifier = THINGS_API,
  scopes: string[] = ['read:things'],
  extra: Record<string, unknown> = {},
): Promise<ApiBody> {
  const response = await mgmt(app, 'POST', '/api/v2/resource-servers', { identifier, scopes: scopes.map((value) => ({ value })), ...extra });
  if (response.statusCode !== 201) throw new Error(`register API: ${response.body}`);
  return json(response) as ApiBody;
}
