"use client";
// The sidebar's Outbox entry with the number of messages still on their way. The count is asked
// for on every navigation (sending ends on another page) and every few seconds while non-zero.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { useTranslations } from "use-intl";
import { outboxCountAction } from "@/app/(mail)/outbox/actions";
import { SendIcon } from "./icons";

const POLL_MS = 5_000;

export function OutboxLink() {
  const t = useTranslations("outbox");
  const pathname = usePathname();
  const [count, setCount] = useState(0);
  useEffect(() => {
    let alive = true;
    const ask = () => outboxCountAction().then((n) => alive && setCount(n), () => {});
    ask();
    return () => {
      alive = false;
    };
  }, [pathname]);
  useEffect(() => {
    if (!count) return;
    const timer = setInterval(() => outboxCountAction().then(setCount, () => {}), POLL_MS);
    return () => clearInterval(timer);
  }, [count]);
  const active = pathname.startsWith("/outbox");
  return (
    <Link href="/outbox" aria-current={active ? "page" : undefined}
      className={`flex items-center gap-3 rounded-r-full py-1.5 pr-3 pl-3 text-sm hover:bg-slate-200/70 ${active ? "bg-blue-100 font-semibold text-blue-900" : count ? "font-semibold" : "text-slate-700"}`}>
      <SendIcon className="shrink-0" />
      <span className="truncate">{t("nav")}</span>
      {count > 0 && (
        <span className="ml-auto text-xs font-semibold tabular-nums" aria-label={t("waiting", { count })} data-testid="outbox-count">{count}</span>
      )}
    </Link>
  );
}
