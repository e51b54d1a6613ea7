import { existsSync } from 'node:fs';
import { expect, it } from 'vitest';
import { buildTestServer } from '../helpers/server.js';
import { isPostgresLocation } from '../helpers/test-engine.js';

/**
 * The server suite runs twice (vitest.config.ts): the `server` project on SQLite and `server-postgres` on
 * PostgreSQL. This checks each project's servers are on the store its name says, so a configuration that
 * stopped passing TESSERA_TEST_STORE would fail here rather than run the suite twice on one engine.
 */
it("builds its servers on its project's store", async ({ task }) => {
  const project = task.file.projectName;
  expect(['server', 'server-postgres']).toContain(project);
  const server = await buildTestServer();
  try {
    if (project === 'server-postgres') {
      expect(isPostgresLocation(server.dbPath)).toBe(true);
    } else {
      expect(isPostgresLocation(server.dbPath)).toBe(false);
      expect(existsSync(server.dbPath)).toBe(true);
    }
  } finally {
    await server.close();
  }
});
