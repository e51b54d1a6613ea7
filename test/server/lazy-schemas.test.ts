import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePendingSchemas, pendingSchema, SchemaCache } from '../../server/lazy-schemas.js';
import { createSerializerCompiler } from '../../server/serialization.js';
import { createValidatorCompiler } from '../../server/validation.js';
import { buildTestServer, json, type TestServer } from '../helpers/server.js';

describe('route schemas compiled on first use', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await buildTestServer();
  });
  afterAll(() => server.close());

  it('every schema a built server registered compiles (a mistake would otherwise wait for its first request)', () => {
    expect(() => compilePendingSchemas()).not.toThrow();
    expect(compilePendingSchemas()).toBe(0);
  });

  it('a lazily compiled body validator still refuses in the area shape, and still coerces a query', async () => {
    const refused = await server.app.inject({ method: 'POST', url: '/oauth/token', payload: { grant_type: 7 } });
    expect(refused.statusCode).toBe(400);
    expect(json(refused)).toEqual({ error: 'invalid_request', error_description: 'Invalid parameter: grant_type must be of type string' });
  });

  it('compiles a schema once, when first needed, and forgets it as pending', () => {
    compilePendingSchemas();
    let compiles = 0;
    const ensure = pendingSchema(() => ++compiles);
    expect(compiles).toBe(0);
    expect(compilePendingSchemas()).toBe(1);
    expect(ensure()).toBe(1);
    expect(ensure()).toBe(1);
    expect(compiles).toBe(1);
    expect(compilePendingSchemas()).toBe(0);
  });

  it('a schema error surfaces from compilePendingSchemas, not only on a request, and the schema stays pending', () => {
    let broken = true;
    const ensure = pendingSchema(() => {
      if (broken) throw new Error('schema is invalid: data/type must be equal to one of the allowed values');
      return 'compiled';
    });
    expect(() => compilePendingSchemas()).toThrow(/schema is invalid/);
    // The request that needs it gets the same error (a 500 from Fastify), never a pass.
    expect(() => ensure()).toThrow(/schema is invalid/);
    broken = false;
    expect(compilePendingSchemas()).toBe(1);
    expect(ensure()).toBe('compiled');
  });

  it("Ajv's own errors reach the caller of a lazily compiled validator", () => {
    const validate = createValidatorCompiler()({ schema: Type.Object({ n: Type.Integer() }), method: 'GET', url: '/x', httpPart: 'querystring' });
    expect(validate({ n: '12' })).toBe(true);
    expect(validate({ n: '0x10' })).toBe(false);
    expect((validate as unknown as { errors: unknown[] }).errors).toMatchObject([{ keyword: 'type', instancePath: '/n' }]);
  });

  it('equal schemas built as new objects share one compiled function, so servers built in turn compile nothing', () => {
    const cache = new SchemaCache<object>();
    const first = cache.get(Type.Object({ a: Type.String() }), () => ({}));
    expect(cache.get(Type.Object({ a: Type.String() }), () => ({}))).toBe(first);
    expect(cache.get(Type.Object({ a: Type.Number() }), () => ({}))).not.toBe(first);
    const serialize = createSerializerCompiler();
    const route = { method: 'GET', url: '/x', httpStatus: '200' };
    expect(serialize({ schema: Type.Null(), ...route })).toBe(serialize({ schema: Type.Null(), ...route }));
  });
});
