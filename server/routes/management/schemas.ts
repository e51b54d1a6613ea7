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

/** Auth0's largest `per_page` (Management API v2 reference, every list endpoint). */
export const MAX_PER_PAGE = 100;
/**
 * The last page number any list accepts. Auth0 returns no user past the 1000th of a search
 * (https://auth0.com/docs/manage-users/user-search/view-search-results-by-page#limitation), so no
 * later page holds anything Auth0 would serve; the bound also keeps `page * per_page` a small exact
 * integer (at most 100,000) for the store's OFFSET. A Tessera limit, the same on every list.
 */
export const MAX_PAGE = 1000;

export const PagingQuery = {
  page: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_PAGE })),
  per_page: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_PER_PAGE })),
  include_totals: Type.Optional(Type.Boolean()),
};

export const Metadata = Type.Record(Type.String(), Type.Unknown());
