"use client";
// Makes the request's UI language available to client components (useTranslations).
import { IntlProvider } from "use-intl";
import type { ReactNode } from "react";
import type { Messages } from "@/lib/i18n/en";

export function IntlClientProvider(props: { locale: string; messages: Messages; children: ReactNode }) {
  return (
    <IntlProvider locale={props.locale} messages={props.messages} timeZone="UTC" onError={() => {}}>
      {props.children}
    </IntlProvider>
  );
}
