"use client";
// "Show plain text" / "Show formatted" for a message that has both. The choice
// lives in the URL (?view=text), so a reload or a shared link keeps it.
import Link from "next/link";
import { useTranslations } from "use-intl";
import { bodyViewHref, type BodyView } from "@/lib/mail/body-view";

export function BodyViewToggle(props: { messageHref: string; view: BodyView }) {
  const t = useTranslations("bodyView");
  const other: BodyView = props.view === "text" ? "html" : "text";
  return (
    <div className="-mb-2 flex justify-end">
      <Link href={bodyViewHref(props.messageHref, other)} replace scroll={false} data-testid="body-view-toggle"
        className="rounded-md px-2 py-1 text-xs font-medium text-slate-600 hover:bg-slate-200">
        {other === "text" ? t("showText") : t("showFormatted")}
      </Link>
    </div>
  );
}
