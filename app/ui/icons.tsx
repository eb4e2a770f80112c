// Small inline icons (no icon font, no external requests).
import type { SVGProps } from "react";

type IconProps = SVGProps<SVGSVGElement>;
const base = { width: 18, height: 18, viewBox: "0 0 24 24", fill: "none", stroke: "currentColor", strokeWidth: 1.8, strokeLinecap: "round", strokeLinejoin: "round", "aria-hidden": true } as const;

export const InboxIcon = (p: IconProps) => (<svg {...base} {...p}><path d="M22 12h-6l-2 3h-4l-2-3H2" /><path d="M5.45 5.11 2 12v6a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2v-6l-3.45-6.89A2 2 0 0 0 16.76 4H7.24a2 2 0 0 0-1.79 1.11z" /></svg>);
export const SendIcon = (p: IconProps) => (<svg {...base} {...p}><path d="m22 2-7 20-4-9-9-4Z" /><path d="M22 2 11 13" /></svg>);
export const DraftIcon = (p: IconProps) => (<svg {...base} {...p}><path d="M12 20h9" /><path d="M16.5 3.5a2.12 2.12 0 0 1 3 3L7 19l-4 1 1-4Z" /></svg>);
export const TrashIcon = (p: IconProps) => (<svg {...base} {...p}><path d="M3 6h18" /><path d="M19 6v14a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2V6m3 0V4a2 2 0 0 1 2-2h4a2 2 0 0 1 2 2v2" /></svg>);
export const JunkIcon = (p: IconProps) => (<svg {...base} {...p}><circle cx="12" cy="12" r="10" /><path d="m4.9 4.9 14.2 14.2" /></svg>);
export const ArchiveIcon = (p: IconProps) => (<svg {...base} {...p}><rect x="2" y="3" width="20" height="5" rx="1" /><path d="M4 8v11a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8" /><path d="M10 12h4" /></svg>);
export const FolderIcon = (p: IconProps) => (<svg {...base} {...p}><path d="M4 20h16a2 2 0 0 0 2-2V8a2 2 0 0 0-2-2h-7.93a2 2 0 0 1-1.66-.9l-.82-1.2A2 2 0 0 0 7.93 3H4a2 2 0 0 0-2 2v13c0 1.1.9 2 2 2Z" /></svg>);
export const PaperclipIcon = (p: IconProps) => (<svg {...base} {...p}><path d="m21.44 11.05-9.19 9.19a6 6 0 0 1-8.49-8.49l8.57-8.57A4 4 0 1 1 18 8.84l-8.59 8.57a2 2 0 0 1-2.83-2.83l8.49-8.48" /></svg>);
export const StarIcon = (p: IconProps) => (<svg {...base} {...p}><path d="m12 2 3.09 6.26L22 9.27l-5 4.87 1.18 6.88L12 17.77l-6.18 3.25L7 14.14 2 9.27l6.91-1.01Z" /></svg>);
export const RefreshIcon = (p: IconProps) => (<svg {...base} {...p}><path d="M21 12a9 9 0 1 1-3-6.7L21 8" /><path d="M21 3v5h-5" /></svg>);
export const BackIcon = (p: IconProps) => (<svg {...base} {...p}><path d="m15 18-6-6 6-6" /></svg>);
export const MailIcon = (p: IconProps) => (<svg {...base} {...p}><rect x="2" y="4" width="20" height="16" rx="2" /><path d="m22 7-10 6L2 7" /></svg>);

/** The icon for a folder's special use (RFC 6154), or a plain folder. */
export function FolderKindIcon({ specialUse, ...p }: IconProps & { specialUse: string | null }) {
  switch (specialUse) {
    case "\\Inbox": return <InboxIcon {...p} />;
    case "\\Sent": return <SendIcon {...p} />;
    case "\\Drafts": return <DraftIcon {...p} />;
    case "\\Trash": return <TrashIcon {...p} />;
    case "\\Junk": return <JunkIcon {...p} />;
    case "\\Archive": return <ArchiveIcon {...p} />;
    default: return <FolderIcon {...p} />;
  }
}
