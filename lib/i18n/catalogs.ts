// Both UI catalogues by language. Not server-only: the client provider
// (app/ui/intl-provider.tsx) bundles them, so a page sends the name of its
// language instead of the whole catalogue in every response.
import { en, type Messages } from "./en";
import { ko } from "./ko";

export const LOCALES = ["en", "ko"] as const;
export type Locale = (typeof LOCALES)[number];

export const CATALOGS: Record<Locale, Messages> = { en, ko };
