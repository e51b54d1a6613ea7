import fastJsonStringify from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify';
import { pendingSchema, SchemaCache } from './lazy-schemas.js';

type Serialize = (data: unknown) => string;

// One serializer per response schema for the whole process, compiled on first use (lazy-schemas.ts):
// Fastify's default compiler builds every route's fast-json-stringify function again for each server,
// which was ~40% of building one. The schemas reference no shared schemas (no `addSchema`), which is
// all Fastify's default adds. Keyed by the schema's JSON text: some routes build theirs inline
// (`Type.Null()`), so the same schema arrives as a new object from each server.
const compiled = new SchemaCache<Serialize>();

export function createSerializerCompiler(): FastifySerializerCompiler<unknown> {
  return ({ schema }) =>
    compiled.get(schema as object, () => {
      const ensure = pendingSchema(() => fastJsonStringify(schema as Parameters<typeof fastJsonStringify>[0]) as Serialize);
      return (data) => ensure()(data);
    });
}
