"use server";
// The reader's answer to a read-receipt request (RFC 8098): send one, or never send one.
import { headers } from "next/headers";
import { z } from "zod";
import { accountOrThrow } from "@/lib/auth/session";
import { userMessage } from "@/lib/i18n/user-message";
import { getTranslator } from "@/lib/i18n/locale";
import { answerReadReceipt, type ReceiptOutcome } from "@/lib/mail/read-receipt";

const input = z.object({ path: z.string().min(1).max(1000), uid: z.number().int().positive(), send: z.boolean() });

export interface ReceiptActionResult {
  ok: boolean;
  outcome?: ReceiptOutcome;
  message?: string;
}

/** Sends the receipt (send = true) or declines it; either way no client asks again. */
export async function answerReadReceiptAction(path: string, uid: number, send: boolean): Promise<ReceiptActionResult> {
  try {
    const parsed = input.parse({ path, uid, send });
    const account = await accountOrThrow();
    const [t, head] = await Promise.all([getTranslator(), headers()]);
    // The host the user reached maeil at names the user agent in Reporting-UA.
    const host = (head.get("x-forwarded-host") ?? head.get("host") ?? "").split(",")[0]!.trim().replace(/:\d+$/, "") || "localhost";
    const outcome = await answerReadReceipt(account, parsed.path, parsed.uid, {
      send: parsed.send,
      reportingHost: host,
      wording: {
        subject: ({ subject }) => t("receipts.mdnSubject", { subject }),
        text: ({ subject, recipient }) => t("receipts.mdnText", { subject, recipient }),
      },
    });
    return { ok: true, outcome };
  } catch (error) {
    return { ok: false, message: await userMessage(error, "read receipt") };
  }
}
