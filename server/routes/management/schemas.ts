import { Type } from 'typebox';

export const ManagementErrorBody = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String(),
  message: Type.String(),
  errorCode: Type.String(),
});

export const managementErrors = {
  400: ManagementErrorBody,
  401: ManagementErrorBody,
  403: ManagementErrorBody,
  404: ManagementErrorBody,
  409: ManagementErrorBody,
  429: ManagementErrorBody,
} as const;

export const UserIdParams = Type.Object({ id: Type.String({ minLength: 1 }) });

export const PagingQuery = {
  page: Type.Optional(Type.Integer({ minimum: 0 })),
  per_page: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  include_totals: Type.Optional(Type.Boolean()),
};

export const Metadata = Type.Record(Type.String(), Type.Unknown());
