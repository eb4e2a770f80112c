"use client";
// Sign-in form. The password goes only to our server, which checks it with an IMAP LOGIN.
import { signIn } from "next-auth/react";
import { useEffect, useState, type FormEvent } from "react";
import { useTranslations } from "use-intl";

interface Defaults {
  imapHost: string; imapPort: number; imapSecurity: string;
  smtpHost: string; smtpPort: number; smtpSecurity: string;
}

const field = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-blue-500 focus:outline-none focus:ring-2 focus:ring-blue-200";

export function LoginForm({ defaults, serversPreset }: { defaults: Defaults; serversPreset: boolean }) {
  const t = useTranslations("login");
  const serverErrors = useTranslations("serverErrors");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [email, setEmail] = useState("");
  // Tells tests (and nothing else) that the form is live: before this, a submit is a plain POST.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  // Without deployment defaults, suggest imap./smtp.<domain of the typed address>.
  const domain = email.split("@")[1];
  const hint = (host: string, kind: "imap" | "smtp") => (serversPreset || !domain ? host : `${kind}.${domain}`);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const data = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
    const result = await signIn("credentials", { ...data, redirect: false });
    if (result?.ok && !result.error) {
      // A full page load, not router.replace + router.refresh: those two client
      // navigations raced (both through the "/" redirect) and could leave a blank page.
      window.location.assign("/");
      return;
    }
    setPending(false);
    setError(result?.error && result.error !== "CredentialsSignin" ? result.error : serverErrors("wrongPassword"));
  }

  return (
    // method="post": a submit before the page's script runs must never put the password in the URL.
    <form method="post" onSubmit={onSubmit} data-ready={ready} className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm" noValidate={false}>
      {error && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      )}
      <label className="block">
        <span className="mb-1 block text-sm font-medium">{t("email")}</span>
        <input name="email" type="email" autoComplete="username" required autoFocus value={email}
          onChange={(e) => setEmail(e.target.value)} className={field} />
      </label>
      <label className="block">
        <span className="mb-1 block text-sm font-medium">{t("password")}</span>
        <input name="password" type="password" autoComplete="current-password" required className={field} />
      </label>
      <details className="rounded-md border border-slate-200 px-3 py-2 text-sm">
        <summary className="cursor-pointer select-none font-medium text-slate-700">{t("servers")}</summary>
        <p className="mt-2 text-xs text-slate-500">{t("serversHint")}</p>
        {(["imap", "smtp"] as const).map((kind) => (
          <fieldset key={kind} className="mt-3">
            <legend className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{t(kind)}</legend>
            <div className="grid grid-cols-6 gap-2">
              <label className="col-span-3">
                <span className="sr-only">{`${t(kind)} ${t("host")}`}</span>
                <input name={`${kind}Host`} placeholder={hint(defaults[`${kind}Host`], kind)} aria-label={`${t(kind)} ${t("host")}`} className={field} />
              </label>
              <label className="col-span-1">
                <span className="sr-only">{`${t(kind)} ${t("port")}`}</span>
                <input name={`${kind}Port`} inputMode="numeric" placeholder={String(defaults[`${kind}Port`])} aria-label={`${t(kind)} ${t("port")}`} className={field} />
              </label>
              <label className="col-span-2">
                <span className="sr-only">{`${t(kind)} ${t("security")}`}</span>
                <select name={`${kind}Security`} defaultValue="" aria-label={`${t(kind)} ${t("security")}`} className={field}>
                  <option value="">{t("security")}: {defaults[`${kind}Security`]}</option>
                  <option value="tls">{t("securityTls")}</option>
                  <option value="starttls">{t("securityStarttls")}</option>
                  <option value="none">{t("securityNone")}</option>
                </select>
              </label>
            </div>
          </fieldset>
        ))}
      </details>
      <button type="submit" disabled={pending}
        className="w-full rounded-md bg-blue-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-blue-700 disabled:opacity-60">
        {pending ? t("submitting") : t("submit")}
      </button>
    </form>
  );
}
