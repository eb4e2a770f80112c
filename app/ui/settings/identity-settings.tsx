"use client";
// The identities list of the settings page: each one's name, address,
// reply-to and signature, which one is the default, and a form to add or edit.
import { useState, useTransition, type FormEvent } from "react";
import { useTranslations } from "use-intl";
import { deleteIdentityAction, saveIdentityAction, setDefaultIdentityAction, type SettingsResult } from "@/app/(mail)/settings/actions";
import { checkAddrSpec, formatRecipient, parseRecipientField, type AddressProblemCode } from "@/lib/compose/address-syntax";

export interface IdentityView {
  id: string;
  name: string;
  email: string;
  replyTo: string;
  /** The signature as plain text, for editing. */
  signature: string;
  isDefault: boolean;
}

type Fields = Pick<IdentityView, "name" | "email" | "replyTo" | "signature">;
const EMPTY: Fields = { name: "", email: "", replyTo: "", signature: "" };

const inputClass = "w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm aria-[invalid=true]:border-red-400";

function IdentityForm({ identity, onDone }: { identity: IdentityView | null; onDone(): void }) {
  const t = useTranslations("settings");
  const tr = useTranslations("recipients");
  const [values, setValues] = useState<Fields>(identity ?? EMPTY);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const problem = (code: AddressProblemCode, detail: string) => tr(`problems.${code}`, { detail });

  /** The same address checks as the server, in the reader's language, before anything is sent. */
  const check = (): Record<string, string[]> => {
    const found: Record<string, string[]> = {};
    const email = checkAddrSpec(values.email.trim());
    if (email) found.email = [problem(email.code, email.detail)];
    const replyTo = parseRecipientField(values.replyTo).filter((e) => e.problem);
    if (replyTo.length) found.replyTo = replyTo.map((e) => tr("invalidEntry", { entry: e.text, reason: problem(e.problem!.code, e.problem!.detail) }));
    return found;
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const local = check();
    setErrors(local);
    setMessage(null);
    if (Object.keys(local).length) return;
    start(async () => {
      const result: SettingsResult = await saveIdentityAction({ id: identity?.id ?? null, ...values });
      if (result.ok) return onDone();
      setErrors(result.errors ?? {});
      setMessage(result.message);
    });
  };

  const field = (name: keyof Fields, label: string, hint?: string, multiline = false) => {
    const id = `identity-${identity?.id ?? "new"}-${name}`;
    const describedBy = [hint ? `${id}-hint` : "", errors[name]?.length ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
    const common = {
      id,
      name,
      value: values[name],
      "aria-invalid": Boolean(errors[name]?.length),
      "aria-describedby": describedBy,
      className: inputClass,
    };
    return (
      <div className="flex flex-col gap-1 text-sm">
        <label htmlFor={id} className="font-medium text-slate-700">{label}</label>
        {multiline ? (
          <textarea {...common} rows={4} maxLength={10_000} onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))} />
        ) : (
          // type="text": Chrome turns an international domain in type="email" into punycode.
          <input {...common} type="text" inputMode={name === "email" ? "email" : undefined} autoComplete="off" spellCheck={false}
            required={name === "email"} onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))} />
        )}
        {hint && <p id={`${id}-hint`} className="text-xs text-slate-500">{hint}</p>}
        {errors[name]?.length ? <p id={`${id}-error`} className="text-xs text-red-700" data-testid={`identity-error-${name}`}>{errors[name]!.join(" ")}</p> : null}
      </div>
    );
  };

  return (
    // noValidate: our own checks name the exact problem (and accept international addresses).
    <form onSubmit={submit} noValidate className="flex flex-col gap-3" data-testid="identity-form"
      aria-label={identity ? `${t("edit")}: ${identity.email}` : t("newIdentity")}>
      <div className="grid gap-3 sm:grid-cols-2">
        {field("name", t("name"))}
        {field("email", t("email"))}
      </div>
      {field("replyTo", t("replyTo"), t("replyToHint"))}
      {field("signature", t("signature"), t("signatureHint"), true)}
      <div className="flex flex-wrap items-center gap-2">
        <button type="submit" disabled={pending} className="rounded-md bg-blue-600 px-4 py-1.5 text-sm font-semibold text-white hover:bg-blue-700 disabled:opacity-60">
          {pending ? t("saving") : t("save")}
        </button>
        <button type="button" onClick={onDone} className="rounded-md border border-slate-300 px-4 py-1.5 text-sm hover:bg-slate-100">{t("cancel")}</button>
        {message && <p role="alert" data-testid="identity-form-error" className="text-sm text-red-700">{message}</p>}
      </div>
    </form>
  );
}

export function IdentitySettings({ identities }: { identities: IdentityView[] }) {
  const t = useTranslations("settings");
  // The identity being edited, "new" for the add form, or null.
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, start] = useTransition();

  const run = (action: () => Promise<SettingsResult>) => {
    setError(null);
    setNotice(null);
    start(async () => {
      const result = await action();
      if (result.ok) setNotice(t("saved"));
      else setError(result.message);
    });
  };
  const done = () => {
    setEditing(null);
    setNotice(t("saved"));
  };

  return (
    <div className="flex flex-col gap-3">
      <ul className="flex flex-col gap-3">
        {identities.map((identity) => (
          <li key={identity.id} data-testid="identity" data-email={identity.email}
            className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
            {editing === identity.id ? (
              <IdentityForm identity={identity} onDone={done} />
            ) : (
              <div className="flex flex-col gap-2">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-medium" data-testid="identity-from">{formatRecipient(identity.name, identity.email)}</span>
                  {identity.isDefault && (
                    <span className="rounded-full bg-blue-100 px-2 py-0.5 text-xs font-medium text-blue-800" data-testid="identity-default">{t("isDefault")}</span>
                  )}
                </div>
                {identity.replyTo && (
                  <p className="text-sm text-slate-600">{t("replyTo")}: <span data-testid="identity-reply-to">{identity.replyTo}</span></p>
                )}
                <p className="whitespace-pre-line text-sm text-slate-600" data-testid="identity-signature">
                  {identity.signature || <span className="italic text-slate-400">{t("noSignature")}</span>}
                </p>
                <div className="flex flex-wrap gap-2">
                  <button type="button" onClick={() => { setEditing(identity.id); setNotice(null); }} disabled={pending}
                    aria-label={`${t("edit")}: ${identity.email}`}
                    className="rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100">{t("edit")}</button>
                  {!identity.isDefault && (
                    <button type="button" disabled={pending} onClick={() => run(() => setDefaultIdentityAction(identity.id))}
                      aria-label={`${t("makeDefault")}: ${identity.email}`}
                      className="rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100">{t("makeDefault")}</button>
                  )}
                  {identities.length > 1 && (
                    <button type="button" disabled={pending}
                      onClick={() => { if (window.confirm(t("confirmDelete", { email: identity.email }))) run(() => deleteIdentityAction(identity.id)); }}
                      aria-label={`${t("delete")}: ${identity.email}`}
                      className="rounded-md border border-red-200 px-3 py-1 text-sm text-red-700 hover:bg-red-50">{t("delete")}</button>
                  )}
                </div>
              </div>
            )}
          </li>
        ))}
      </ul>
      {editing === "new" ? (
        <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
          <IdentityForm identity={null} onDone={done} />
        </div>
      ) : (
        <button type="button" onClick={() => { setEditing("new"); setNotice(null); }}
          className="self-start rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100">{t("add")}</button>
      )}
      {error && <p role="alert" data-testid="identity-error" className="text-sm text-red-700">{error}</p>}
      {notice && <p role="status" data-testid="identity-notice" className="text-sm text-emerald-700">{notice}</p>}
    </div>
  );
}
