import { Type, type Static } from 'typebox';
import { LOG_STREAM_CATEGORIES } from '../../services/log-stream-categories.js';

// Enums rather than unions of literals, so a wrong value reads "must be equal to one of the allowed values".
const Format = Type.Enum(['JSONARRAY', 'JSONLINES', 'JSONOBJECT']);
const Status = Type.Enum(['active', 'paused', 'suspended']);

/** RFC 9110 §5.1 field-name token. */
const HEADER_NAME = "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$";
/** Visible ASCII and spaces: no CR/LF (header injection) and nothing fetch would refuse to send. */
const HEADER_VALUE = '^[\\x20-\\x7E]*$';

export const CustomHeader = Type.Object(
  { header: Type.String({ minLength: 1, maxLength: 256, pattern: HEADER_NAME }), value: Type.String({ maxLength: 4096, pattern: HEADER_VALUE }) },
  { additionalProperties: false },
);

/** Auth0's `filters`: only events in these categories are sent; none (or empty) sends every event. */
const Filters = Type.Array(
  Type.Object({ type: Type.Literal('category'), name: Type.Enum([...LOG_STREAM_CATEGORIES]) }, { additionalProperties: false }),
  { maxItems: LOG_STREAM_CATEGORIES.length },
);

/** Auth0's HTTP sink fields (Management API "Create a log stream"). */
const SinkFields = {
  httpEndpoint: Type.String({ minLength: 1, maxLength: 2048 }),
  httpContentType: Type.String({ minLength: 1, maxLength: 256, pattern: HEADER_VALUE }),
  httpContentFormat: Format,
  // Write-only: sent as the Authorization header, never returned. An empty string removes it.
  httpAuthorization: Type.String({ maxLength: 4096, pattern: HEADER_VALUE }),
  httpCustomHeaders: Type.Array(CustomHeader, { maxItems: 20 }),
};

export const CreateLogStream = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 128 }),
    type: Type.Literal('http'),
    sink: Type.Object(
      {
        httpEndpoint: SinkFields.httpEndpoint,
        httpContentType: Type.Optional(SinkFields.httpContentType),
        httpContentFormat: Type.Optional(SinkFields.httpContentFormat),
        httpAuthorization: Type.Optional(SinkFields.httpAuthorization),
        httpCustomHeaders: Type.Optional(SinkFields.httpCustomHeaders),
      },
      { additionalProperties: false },
    ),
    filters: Type.Optional(Filters),
  },
  { additionalProperties: false },
);
export type CreateLogStreamBody = Static<typeof CreateLogStream>;

export const UpdateLogStream = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    // Auth0 lets an admin pause or resume; `suspended` is the server's to set.
    status: Type.Optional(Type.Enum(['active', 'paused'])),
    sink: Type.Optional(Type.Partial(Type.Object(SinkFields), { additionalProperties: false })),
    // Replaces the whole list; an empty list removes the filters.
    filters: Type.Optional(Filters),
  },
  { additionalProperties: false },
);
export type UpdateLogStreamBody = Static<typeof UpdateLogStream>;

export const LogStreamView = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    type: Type.Literal('http'),
    status: Status,
    sink: Type.Object(
      {
        httpEndpoint: Type.String(),
        httpContentType: Type.String(),
        httpContentFormat: Format,
        httpCustomHeaders: Type.Optional(Type.Array(CustomHeader)),
      },
      { additionalProperties: false },
    ),
    filters: Type.Optional(Filters),
    // Tessera extension: the last failed delivery (cleared by the next success), in the server's own words.
    tessera_last_error: Type.Optional(Type.Object({ at: Type.String(), message: Type.String() }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type LogStreamViewBody = Static<typeof LogStreamView>;

export const LogStreamIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/** Tessera extension: the answer to POST /api/v2/log-streams/{id}/test. */
export const LogStreamTestResult = Type.Union([
  Type.Object({ delivered: Type.Literal(true) }, { additionalProperties: false }),
  Type.Object({ delivered: Type.Literal(false), message: Type.String() }, { additionalProperties: false }),
]);
