// The HTML shell: language, fonts, the UI language for client components.
import type { Metadata } from "next";
import type { ReactNode } from "react";
import { requestLocale } from "@/lib/i18n/locale";
import { IntlClientProvider } from "@/app/ui/intl-provider";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "maeil", template: "%s · maeil" },
  description: "Fast, safe webmail for any IMAP/SMTP server",
  referrer: "no-referrer",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { locale } = await requestLocale();
  return (
    <html lang={locale}>
      <body className="h-full bg-slate-50 font-sans text-slate-900 antialiased">
        <IntlClientProvider locale={locale}>
          {children}
        </IntlClientProvider>
      </body>
    </html>
  );
}
