// Toolbar icons of the body editor (inline SVG, no icon font, no requests).
import type { SVGProps } from "react";

type IconProps = SVGProps<SVGSVGElement>;
const base = { width: 16, height: 16, viewBox: "0 0 24 24", fill: "none", stroke: "currentColor", strokeWidth: 2, strokeLinecap: "round", strokeLinejoin: "round", "aria-hidden": true } as const;

export const BoldIcon = (p: IconProps) => (<svg {...base} {...p}><path d="M6 4h8a4 4 0 0 1 0 8H6z" /><path d="M6 12h9a4 4 0 0 1 0 8H6z" /></svg>);
export const ItalicIcon = (p: IconProps) => (<svg {...base} {...p}><path d="M19 4h-9M14 20H5M15 4 9 20" /></svg>);
export const UnderlineIcon = (p: IconProps) => (<svg {...base} {...p}><path d="M6 4v6a6 6 0 0 0 12 0V4" /><path d="M4 20h16" /></svg>);
export const StrikeIcon = (p: IconProps) => (<svg {...base} {...p}><path d="M16 4H9a3 3 0 0 0-2.83 4" /><path d="M14 12a4 4 0 0 1 0 8H6" /><path d="M4 12h16" /></svg>);
export const BulletListIcon = (p: IconProps) => (<svg {...base} {...p}><path d="M9 6h11M9 12h11M9 18h11" /><circle cx="4.5" cy="6" r="1" /><circle cx="4.5" cy="12" r="1" /><circle cx="4.5" cy="18" r="1" /></svg>);
export const OrderedListIcon = (p: IconProps) => (<svg {...base} {...p}><path d="M10 6h10M10 12h10M10 18h10" /><path d="M4 6h1v4M4 10h2" /><path d="M6 18H4c0-1 2-2 2-3s-1-1.5-2-1" /></svg>);
export const QuoteIcon = (p: IconProps) => (<svg {...base} {...p}><path d="M3 21c3 0 7-1 7-8V5c0-1.25-.76-2-2-2H4c-1.25 0-2 .75-2 1.97V11c0 1.25.75 2 2 2 1 0 1 0 1 1v1c0 1-1 2-2 2s-1 .01-1 1.03V20c0 1 0 1 1 1z" /><path d="M15 21c3 0 7-1 7-8V5c0-1.25-.76-2-2-2h-4c-1.25 0-2 .75-2 1.97V11c0 1.25.75 2 2 2h.75c0 2.25.25 4-2.75 4v3c0 1 0 1 1 1z" /></svg>);
export const LinkIcon = (p: IconProps) => (<svg {...base} {...p}><path d="M10 13a5 5 0 0 0 7.54.54l3-3a5 5 0 0 0-7.07-7.07l-1.72 1.71" /><path d="M14 11a5 5 0 0 0-7.54-.54l-3 3a5 5 0 0 0 7.07 7.07l1.71-1.71" /></svg>);
export const ClearFormatIcon = (p: IconProps) => (<svg {...base} {...p}><path d="M4 7V4h16v3" /><path d="M5 20h6" /><path d="M13 4 8 20" /><path d="m15 15 5 5M20 15l-5 5" /></svg>);
