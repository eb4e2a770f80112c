// Mail users made for one test, so that what a test changes (settings, contacts, mail) never
// reaches the seeded accounts other specs rely on.
import { randomBytes } from "node:crypto";
import { addMailUser } from "./hostile";
import { uniqueTag } from "./mail";

/** A new mail user `<prefix>-<label>-<unique>@example.test` with a random password. */
export function newUser(prefix: string, label: string): { email: string; password: string } {
  return addMailUser(`${prefix}-${label}-${uniqueTag()}@example.test`, `pw-${randomBytes(6).toString("hex")}`);
}
