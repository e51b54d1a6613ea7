/**
 * A statement compiled on first use and reused after: repositories are built before every migration
 * has necessarily run (bootstrap and the migration tests build a store over an older schema), so a
 * statement over a newer table cannot be compiled when the repository is made.
 */
export function prepareOnce<S>(prepare: () => S): () => S {
  let statement: S | undefined;
  return () => (statement ??= prepare());
}
