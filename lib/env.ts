import "server-only";
import { z } from "zod";

/**
 * Environment, parsed once. Every setting has a default that runs the demo,
 * so `process.env.X!` never appears elsewhere.
 */
const security = z.enum(["tls", "starttls", "none"]);
const port = z.coerce.number().int().min(1).max(65535);

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Use this PostgreSQL server; without it an embedded one is started. */
  DATABASE_URL: z.string().url().optional(),
  /** Where the embedded database, the generated secret and other state live. */
  MAEIL_DATA_DIR: z.string().default(".data"),
  MAEIL_PG_PORT: port.default(54329),
  /** Signs session cookies and derives the key that seals stored mail passwords. */
  NEXTAUTH_SECRET: z.string().min(32).optional(),
  /** "off": this instance runs no background jobs (run `npm run worker` elsewhere). */
  MAEIL_WORKER: z.enum(["on", "off"]).default("on"),
  /** Server defaults shown on the sign-in form; empty means "derive from the address". */
  MAEIL_IMAP_HOST: z.string().optional(),
  MAEIL_IMAP_PORT: port.optional(),
  MAEIL_IMAP_SECURITY: security.optional(),
  MAEIL_SMTP_HOST: z.string().optional(),
  MAEIL_SMTP_PORT: port.optional(),
  MAEIL_SMTP_SECURITY: security.optional(),
  /** Total size of a message's attachments, in MB (checked before upload and on the server). */
  MAEIL_ATTACHMENT_LIMIT_MB: z.coerce.number().positive().max(1024).default(25),
  /** First delay before a send is retried after a connection failure or a 4xx reply; doubles each time. */
  MAEIL_SEND_RETRY_SECONDS: z.coerce.number().positive().max(3600).default(15),
});

export type Env = z.infer<typeof schema>;
export type Security = z.infer<typeof security>;

let parsed: Env | undefined;

/** The parsed environment; throws a readable list of bad variables. */
export function env(): Env {
  if (parsed) return parsed;
  const result = schema.safeParse(process.env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  parsed = result.data;
  return parsed;
}
