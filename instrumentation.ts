// Runs once when the server starts: the database (embedded or DATABASE_URL)
// is started and migrated before the first request, not during it.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { database } = await import("@/lib/db/database");
    await database();
  }
}
