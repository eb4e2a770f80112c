// Prisma CLI configuration. The app itself never runs the CLI: it applies
// prisma/migrations with lib/db/migrate.ts at start (see README, "Database").
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/maeil" },
});
