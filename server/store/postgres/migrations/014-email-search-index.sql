-- The user search compares e-mails ASCII-case-folded, as SQLite's `COLLATE NOCASE` column does
-- (server/store/postgres/user-search.ts): `translate(email, 'A…Z', 'a…z') = $1` for `email:"…"` and
-- `… LIKE 'ann%'` for `email:ann*`. No index covered that expression, so every search read every user.
-- `text_pattern_ops` compares byte by byte whatever the database's collation, which lets the planner use
-- the index for a LIKE prefix as well as for equality
-- (https://www.postgresql.org/docs/current/indexes-opclass.html). The expression must stay exactly the
-- one user-search.ts writes, or the planner will not match it.
CREATE INDEX users_email_folded ON users ((translate(email, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')) text_pattern_ops);
