import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * Mail passwords must be kept, because IMAP and SMTP ask for them on every
 * connection, but never in plaintext: they are sealed with AES-256-GCM under a
 * key derived (HKDF-SHA256) from the app secret. GCM's tag makes a tampered or
 * wrongly-keyed value fail loudly instead of decrypting to garbage.
 *
 * Format: "v1." + base64url(iv[12] | tag[16] | ciphertext).
 */

const VERSION = "v1.";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Derives the 32-byte sealing key from the app secret. */
export function credentialKey(appSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", appSecret, "maeil", "mail-credential-v1", 32));
}

/** Encrypts a password for storage. Each call uses a fresh random IV. */
export function sealCredential(plaintext: string, key: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return VERSION + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64url");
}

/** Decrypts a stored password; throws if it was tampered with or sealed under another key. */
export function openCredential(sealed: string, key: Buffer): string {
  if (!sealed.startsWith(VERSION)) throw new Error("Unknown credential format");
  const raw = Buffer.from(sealed.slice(VERSION.length), "base64url");
  if (raw.length < IV_BYTES + TAG_BYTES) throw new Error("Credential is truncated");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
}
