import { Type } from 'typebox';

/** Auth0's job objects (Management API "Jobs"), one schema per job type; `type` tells them apart. */
const JobStatus = Type.Union([Type.Literal('pending'), Type.Literal('processing'), Type.Literal('completed'), Type.Literal('failed')]);

export const ImportJob = Type.Object({
  type: Type.Literal('users_import'),
  status: JobStatus,
  connection_id: Type.String(),
  connection: Type.String(),
  upsert: Type.Boolean(),
  external_id: Type.Optional(Type.String()),
  send_completion_email: Type.Boolean(),
  created_at: Type.String(),
  id: Type.String(),
  summary: Type.Object({ failed: Type.Integer(), updated: Type.Integer(), inserted: Type.Integer(), total: Type.Integer() }),
});

export const ExportField = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), export_as: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) },
  { additionalProperties: false },
);

export const ExportJob = Type.Object({
  type: Type.Literal('users_export'),
  status: JobStatus,
  connection_id: Type.String(),
  connection: Type.String(),
  format: Type.Union([Type.Literal('json'), Type.Literal('csv')]),
  limit: Type.Optional(Type.Integer()),
  fields: Type.Array(ExportField),
  created_at: Type.String(),
  id: Type.String(),
  location: Type.Optional(Type.String()),
});

/** One entry of `GET /jobs/{id}/errors`: the row as sent (secrets left out) and why it was refused. */
export const JobRowErrors = Type.Array(
  Type.Object({
    user: Type.Unknown(),
    errors: Type.Array(Type.Object({ code: Type.String(), message: Type.String(), path: Type.String() })),
  }),
);
