/**
 * Auth0's `fields` + `include_fields` query pair (Management API v2, e.g. "Search Users by Email"):
 * a comma-separated list of fields to keep (`include_fields` true, the default) or to drop (false).
 * An empty or absent list keeps everything.
 */
export function selectFields(view: Record<string, unknown>, fields: string | undefined, includeFields = true): Record<string, unknown> {
  const names = new Set((fields ?? '').split(',').map((name) => name.trim()).filter(Boolean));
  if (names.size === 0) return view;
  return Object.fromEntries(Object.entries(view).filter(([key]) => names.has(key) === includeFields));
}
