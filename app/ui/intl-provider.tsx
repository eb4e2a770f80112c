"use client";
// Makes the request's UI language available to client components (useTranslations).
// The catalogues are bundled (cached by the browser with the other scripts):
// only the language's name travels with each page.
import { IntlProvider } from "use-intl";
import type { ReactNode } from "react";
import { CATALOGS, type Locale } from "@/lib/i18n/catalogs";

export function IntlClientProvider(props: { locale: Locale; children: ReactNode }) {
  return (
    <IntlProvider locale={props.locale} messages={CATALOGS[props.locale]} timeZone="UTC" onError={() => {}}>
      {props.children}
    </IntlProvider>
  );
}
