import "server-only";
import { db } from "./database";

/** True when the account chose to always load this sender's remote images. */
export async function isTrustedSender(accountId: string, address: string): Promise<boolean> {
  if (!address) return false;
  const prisma = await db();
  const row = await prisma.trustedSender.findUnique({ where: { accountId_address: { accountId, address: address.toLowerCase() } } });
  return row !== null;
}

/** Remembers to always load this sender's remote images. */
export async function trustSender(accountId: string, address: string): Promise<void> {
  const prisma = await db();
  const key = { accountId, address: address.toLowerCase() };
  await prisma.trustedSender.upsert({ where: { accountId_address: key }, create: key, update: {} });
}
