import "server-only";
import type { AccountRecord } from "@/lib/db/accounts";
import { isTrustedSender, trustSender } from "@/lib/db/trusted-senders";
import { localizedError } from "@/lib/i18n/server-errors";
import { isValidEmailAddress } from "@/lib/mime/addresses";

/** Whether the reader loads this sender's remote images without asking. */
export function loadsRemoteContentFrom(account: AccountRecord, address: string): Promise<boolean> {
  return isTrustedSender(account.id, address);
}

/** "Always show images from this sender." */
export async function alwaysLoadRemoteContentFrom(account: AccountRecord, address: string): Promise<void> {
  if (!isValidEmailAddress(address)) throw localizedError("INVALID_INPUT", "invalidAddress", { address });
  await trustSender(account.id, address);
}
