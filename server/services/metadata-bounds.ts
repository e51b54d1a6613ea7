import { ManagementErrors, type ManagementError } from '../errors.js';

/**
 * Tessera limits on `user_metadata` / `app_metadata`. Auth0 allows 16 MB per user in total
 * (https://auth0.com/docs/manage-users/user-accounts/metadata/metadata-fields-data, "Metadata
 * storage and size limits"), far above our 64 KB request body. The depth bound is Tessera's own: it
 * keeps every stored value well inside what JSON serialization can handle without exhausting the
 * stack, so a row that is written can always be read back and sent.
 */
export const METADATA_MAX_DEPTH = 10;
export const METADATA_MAX_BYTES = 16 * 1024;

export type MetadataField = 'user_metadata' | 'app_metadata';

/** Containers nested inside `value`, the value itself counting as 1; stops once past `limit`. */
function depthExceeds(value: unknown, limit: number): boolean {
  // Iterative on purpose: a recursive walk would itself overflow on the input it must refuse.
  const pending: [unknown, number][] = [[value, 1]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [node, depth] = next;
    if (node === null || typeof node !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return false;
}

/** The refusal for a metadata object over either bound, or undefined when it may be stored. */
export function metadataProblem(field: MetadataField, value: unknown): ManagementError | undefined {
  if (value === undefined) return undefined;
  if (depthExceeds(value, METADATA_MAX_DEPTH)) {
    return ManagementErrors.invalidBody(`Payload validation error: ${field} is nested more than ${METADATA_MAX_DEPTH} levels deep.`);
  }
  if (Buffer.byteLength(JSON.stringify(value)) > METADATA_MAX_BYTES) {
    return ManagementErrors.invalidBody(`Payload validation error: ${field} is larger than ${METADATA_MAX_BYTES} bytes.`);
  }
  return undefined;
}

/** Throws the first refusal among the metadata fields of a body. */
export function checkMetadata(body: Partial<Record<MetadataField, unknown>>): void {
  const problem = metadataProblem('user_metadata', body.user_metadata) ?? metadataProblem('app_metadata', body.app_metadata);
  if (problem) throw problem;
}

/** After a PATCH merges its keys into the stored object, the whole must still fit the size bound. */
export function checkMergedMetadata(field: MetadataField, merged: Record<string, unknown> | undefined): void {
  if (merged !== undefined && Buffer.byteLength(JSON.stringify(merged)) > METADATA_MAX_BYTES) {
    throw ManagementErrors.invalidBody(`Payload validation error: ${field} is larger than ${METADATA_MAX_BYTES} bytes once merged.`);
  }
}
