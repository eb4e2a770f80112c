"use server";
// The settings page's mutations. Each checks the session, validates its input
// with zod, calls lib/compose/identities.ts, and returns what the page shows.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { accountOrThrow } from "@/lib/auth/session";
import { deleteIdentity, saveIdentity, setDefault, setUndoSendSeconds } from "@/lib/compose/identities";
import { identityInputSchema, undoSendSecondsSchema } from "@/lib/compose/identity-input";
import { formProblems, type FormFields } from "@/lib/i18n/form-problems";
import { userFailure, type UserFailure } from "@/lib/i18n/user-message";

export type SettingsResult = { ok: true } | UserFailure;

const identityId = z.uuid("This identity is not valid.");

/** The settings forms' fields, as the page labels them. */
const FIELDS: FormFields = {
  name: { label: (t) => t("settings.name") },
  email: { label: (t) => t("settings.email") },
  replyTo: { label: (t) => t("settings.replyTo") },
  signature: { label: (t) => t("settings.signature") },
  undoSendSeconds: { label: (t) => t("settings.undoLabel"), unit: "seconds" },
};

async function invalid(error: z.ZodError): Promise<SettingsResult> {
  return { ok: false, ...(await formProblems(error, FIELDS)) };
}

/** Adds an identity (no id) or changes one. */
export async function saveIdentityAction(input: unknown): Promise<SettingsResult> {
  try {
    const account = await accountOrThrow();
    const parsed = identityInputSchema.safeParse(input);
    if (!parsed.success) return invalid(parsed.error);
    await saveIdentity(account.id, parsed.data);
    revalidatePath("/settings");
    return { ok: true };
  } catch (error) {
    return userFailure(error, "save identity");
  }
}

export async function deleteIdentityAction(id: unknown): Promise<SettingsResult> {
  try {
    const account = await accountOrThrow();
    const parsed = identityId.safeParse(id);
    if (!parsed.success) return invalid(parsed.error);
    await deleteIdentity(account.id, parsed.data);
    revalidatePath("/settings");
    return { ok: true };
  } catch (error) {
    return userFailure(error, "delete identity");
  }
}

export async function setDefaultIdentityAction(id: unknown): Promise<SettingsResult> {
  try {
    const account = await accountOrThrow();
    const parsed = identityId.safeParse(id);
    if (!parsed.success) return invalid(parsed.error);
    await setDefault(account.id, parsed.data);
    revalidatePath("/settings");
    return { ok: true };
  } catch (error) {
    return userFailure(error, "set default identity");
  }
}

export async function setUndoSendSecondsAction(seconds: unknown): Promise<SettingsResult> {
  try {
    const account = await accountOrThrow();
    const parsed = z.object({ undoSendSeconds: undoSendSecondsSchema }).safeParse({ undoSendSeconds: seconds });
    if (!parsed.success) return invalid(parsed.error);
    await setUndoSendSeconds(account.id, parsed.data.undoSendSeconds);
    revalidatePath("/settings");
    return { ok: true };
  } catch (error) {
    return userFailure(error, "set undo send delay");
  }
}
