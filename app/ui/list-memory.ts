"use client";
// Where the reader was in a long list: the rows fetched beyond the server's page and the scroll
// position, kept in memory when the list goes away (opening a message) and given back when the
// browser's Back (or Forward) button returns to it. A list opened any other way starts at the top.

import type { ListRow } from "@/lib/mail/list-messages";

export interface ListPlace {
  /** The first row of the server's page then: a list whose top has changed starts afresh. */
  topId: string;
  extra: ListRow[];
  older: string | null;
  offset: number;
}

const places = new Map<string, ListPlace>();
let poppedAt = -Infinity;
if (typeof window !== "undefined") window.addEventListener("popstate", () => (poppedAt = performance.now()));

/** How soon after a Back/Forward the list must mount to count as returned to. */
const RETURN_MS = 3000;

export function rememberPlace(key: string, place: ListPlace): void {
  places.set(key, place);
}

/** The place to resume, once per Back/Forward: a list opened by a link afterwards starts at the top. */
export function recallPlace(key: string, topId: string | undefined): ListPlace | null {
  const returned = performance.now() - poppedAt <= RETURN_MS;
  // Spent after this render (React may call a state initialiser twice in a row).
  if (returned) queueMicrotask(() => (poppedAt = -Infinity));
  const place = places.get(key);
  return returned && place && place.topId === topId ? place : null;
}
