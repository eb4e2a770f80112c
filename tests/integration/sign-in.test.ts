import "./helpers/env";
import { beforeAll, describe, expect, it } from "vitest";
import { imapLoginFor } from "@/lib/auth/account-credentials";
import { getSessionAccount } from "@/lib/db/accounts";
import { database } from "@/lib/db/database";
import { AppError } from "@/lib/errors";
import { signIn } from "@/lib/mail/sign-in";
import { rejectionOf, signInInput } from "./helpers/app";
import { createMailUser, IMAP_PORT, SMTP_PORT, type MailUser } from "./helpers/mail";

describe("signIn (real Dovecot + PostgreSQL)", () => {
  let user: MailUser;
  beforeAll(async () => {
    user = await createMailUser("signin");
  });

  it("with the right password creates the account and a session, with the password sealed", async () => {
    const { sessionId, account } = await signIn(signInInput(user));
    expect(account.email).toBe(user.email);
    expect(account.imapHost).toBe("127.0.0.1");

    const { pool } = await database();
    const { rows } = await pool.query("SELECT * FROM accounts WHERE id = $1", [account.id]);
    expect(rows).toHaveLength(1);
    const row = rows[0];
    expect(row.email).toBe(user.email);
    expect(row.username).toBe(user.email);
    expect(row.imap_port).toBe(IMAP_PORT);
    expect(row.imap_security).toBe("none");
    expect(row.smtp_port).toBe(SMTP_PORT);
    // Sealed (credential-crypto "v1." format), never the plaintext, and it opens again.
    expect(row.password_sealed).toMatch(/^v1\./);
    expect(row.password_sealed).not.toContain(user.password);
    expect(Buffer.from(row.password_sealed.slice(3), "base64url").toString("latin1")).not.toContain(user.password);
    expect(imapLoginFor(account).password).toBe(user.password);

    const session = await pool.query("SELECT account_id, expires_at FROM app_sessions WHERE id = $1", [sessionId]);
    expect(session.rows).toHaveLength(1);
    expect(session.rows[0].account_id).toBe(account.id);
    expect(new Date(session.rows[0].expires_at).getTime()).toBeGreaterThan(Date.now());
    expect((await getSessionAccount(sessionId))?.id).toBe(account.id);
  });

  it("signing in again reuses the account and opens a second session", async () => {
    const first = await signIn(signInInput(user));
    const second = await signIn(signInInput(user));
    expect(second.account.id).toBe(first.account.id);
    expect(second.sessionId).not.toBe(first.sessionId);
    const { pool } = await database();
    const { rows } = await pool.query("SELECT count(*)::int AS n FROM accounts WHERE email = $1", [user.email]);
    expect(rows[0].n).toBe(1);
  });

  it("with a wrong password fails with AUTH_FAILED and stores nothing", async () => {
    const other = await createMailUser("signin-wrong");
    const error = await rejectionOf(signIn(signInInput({ email: other.email, password: "not-the-password" })));
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("AUTH_FAILED");
    expect(error.message).toBe("Wrong address or password.");
    const { pool } = await database();
    const { rows } = await pool.query("SELECT count(*)::int AS n FROM accounts WHERE email = $1", [other.email]);
    expect(rows[0].n).toBe(0);
  });

  it("against an unreachable server fails with SERVER_UNREACHABLE naming host:port", async () => {
    const error = await rejectionOf(signIn(signInInput(user, { imapPort: 1 })));
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("SERVER_UNREACHABLE");
    expect(error.message).toContain("127.0.0.1:1");
  });
});
