-- The users list (`GET /api/v2/users`, the export, the Management console) pages in SQLite's order:
-- `ORDER BY created_at ASC NULLS FIRST, user_id COLLATE "C"` (server/store/postgres/user-search.ts). 011's
-- `users_created` is in the default order (NULLS LAST) and the database's collation, which the planner
-- cannot use for that ORDER BY, so every page read and sorted the whole table. The same index in exactly
-- that order serves it (https://www.postgresql.org/docs/current/indexes-ordering.html); its name stays the
-- same, so both stores keep the same named indexes.
DROP INDEX users_created;
CREATE INDEX users_created ON users (created_at ASC NULLS FIRST, user_id COLLATE "C");
