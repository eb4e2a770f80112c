"use server";
// Mutations of the mail screen. Each checks the session, validates its input
// with zod, calls one use case in lib/mail, and returns a result the UI shows.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { accountOrThrow } from "@/lib/auth/session";
import { userMessage } from "@/lib/i18n/user-message";
import { deleteMessages } from "@/lib/mail/delete-messages";
import { folderHref } from "@/lib/mail/folder-url";
import { moveToSpecialFolder } from "@/lib/mail/move-to-special";
import { alwaysLoadRemoteContentFrom } from "@/lib/mail/remote-content";
import { setMessageFlag } from "@/lib/mail/set-flag";
import { refreshFolder } from "@/lib/mail/sync-mail";

const target = z.object({ path: z.string().min(1).max(1000), uid: z.number().int().positive() });
const target_ = target.extend({ target: z.enum(["archive", "junk", "inbox"]) });

export interface ActionResult {
  ok: boolean;
  message?: string;
  errors?: Record<string, string[]>;
}

/** Asks the server for changes to a folder and the folder list; says whether anything changed. */
export async function refreshFolderAction(path: string): Promise<ActionResult & { changed?: boolean; stamp?: string | null }> {
  try {
    const account = await accountOrThrow();
    const folder = z.string().min(1).max(1000).parse(path);
    return { ok: true, ...(await refreshFolder(account, folder)) };
  } catch (error) {
    return { ok: false, message: await userMessage(error, "refresh") };
  }
}

/** Moves one message to Trash (or deletes it there), then returns to its folder. */
export async function deleteMessageAction(path: string, uid: number): Promise<ActionResult> {
  let back: string;
  try {
    const input = target.parse({ path, uid });
    await deleteMessages(await accountOrThrow(), input.path, [input.uid]);
    back = folderHref(input.path);
  } catch (error) {
    return { ok: false, message: await userMessage(error, "delete") };
  }
  redirect(back);
}

/** Files one message into Archive, Junk or back to Inbox, then returns to where it was. */
export async function moveMessageAction(path: string, uid: number, target: string): Promise<ActionResult> {
  let back: string;
  try {
    const input = target_.parse({ path, uid, target });
    await moveToSpecialFolder(await accountOrThrow(), input.path, [input.uid], input.target);
    back = folderHref(input.path);
  } catch (error) {
    return { ok: false, message: await userMessage(error, "move") };
  }
  redirect(back);
}

/** Stars or unstars one message (\Flagged); the reader stays open. */
export async function setFlaggedAction(path: string, uid: number, flagged: boolean): Promise<ActionResult> {
  try {
    const input = target.parse({ path, uid });
    await setMessageFlag(await accountOrThrow(), input.path, [input.uid], "\\Flagged", z.boolean().parse(flagged));
    revalidatePath(folderHref(input.path));
    return { ok: true };
  } catch (error) {
    return { ok: false, message: await userMessage(error, "flag") };
  }
}

/** Marks one message unread, then returns to its folder (staying would mark it read again). */
export async function markUnreadAction(path: string, uid: number): Promise<ActionResult> {
  let back: string;
  try {
    const input = target.parse({ path, uid });
    await setMessageFlag(await accountOrThrow(), input.path, [input.uid], "\\Seen", false);
    back = folderHref(input.path);
  } catch (error) {
    return { ok: false, message: await userMessage(error, "mark unread") };
  }
  redirect(back);
}

/** Remembers to always load remote images from one sender. */
export async function trustSenderAction(address: string): Promise<ActionResult> {
  try {
    await alwaysLoadRemoteContentFrom(await accountOrThrow(), z.string().max(320).parse(address));
    return { ok: true };
  } catch (error) {
    return { ok: false, message: await userMessage(error, "trust sender") };
  }
}
