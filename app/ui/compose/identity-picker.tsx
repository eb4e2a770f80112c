"use client";
// The compose form's From field: one of the account's identities (Settings -> Identities).
import { useTranslations } from "use-intl";
import { formatRecipient } from "@/lib/compose/address-syntax";
import type { IdentityRecord } from "@/lib/compose/identities";

/** What the picker shows of an identity: the server's record as it is (a type only; nothing server-side is imported). */
export type IdentityOption = IdentityRecord;

export function IdentityPicker({ identities, value, onChange }: { identities: IdentityOption[]; value: string; onChange(id: string): void }) {
  const t = useTranslations("recipients");
  const label = (i: IdentityOption) => formatRecipient(i.name, i.email);
  // With a single identity there is nothing to choose: show it as text.
  if (identities.length <= 1) {
    const only = identities[0];
    return <span data-testid="identity-picker" className="min-w-0 truncate">{only ? label(only) : ""}</span>;
  }
  const selected = identities.some((i) => i.id === value) ? value : (identities.find((i) => i.isDefault) ?? identities[0]!).id;
  return (
    <select data-testid="identity-picker" aria-label={t("from")} value={selected} onChange={(e) => onChange(e.target.value)}
      className="min-w-0 max-w-full flex-1 truncate rounded-md border-0 bg-transparent py-1 pl-0 pr-8 text-sm focus:ring-2 focus:ring-blue-500">
      {identities.map((i) => (
        <option key={i.id} value={i.id}>
          {label(i)}{i.isDefault ? ` (${t("defaultIdentity")})` : ""}
        </option>
      ))}
    </select>
  );
}
