import "server-only";
import { cache } from "react";
import { redirect } from "next/navigation";
import { cookies } from "next/headers";
import { getSessionAccount, type AccountRecord } from "@/lib/db/accounts";
import { AppError } from "@/lib/errors";
import { appSecret } from "./app-secret";
import { sessionIdFromCookies } from "./session-token";

/** The signed-in account for this request, or null. Cached per request. */
export const currentAccount = cache(async (): Promise<AccountRecord | null> => {
  const sid = await sessionIdFromCookies((await cookies()).getAll(), appSecret());
  return sid ? getSessionAccount(sid) : null;
});

/** For pages: the account, or a redirect to the sign-in page. */
export async function requireAccount(): Promise<AccountRecord> {
  const account = await currentAccount();
  if (!account) redirect("/login");
  return account;
}

/** For routes and actions: the account, or an UNAUTHENTICATED AppError. */
export async function accountOrThrow(): Promise<AccountRecord> {
  const account = await currentAccount();
  if (!account) throw new AppError("UNAUTHENTICATED", "Your session has ended. Please sign in again.", { localized: { key: "sessionEnded" } });
  return account;
}
