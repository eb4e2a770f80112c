// Applies pending migrations to DATABASE_URL (or the embedded database) and
// exits: `npm run migrate`, for deployments that migrate before starting.
import { database } from "@/lib/db/database";

const { pool } = await database();
const { rows } = await pool.query<{ migration_name: string }>(
  'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name',
);
console.log(`Database is at ${rows.at(-1)?.migration_name ?? "no migration"} (${rows.length} applied).`);
await pool.end();
