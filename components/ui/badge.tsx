import type { Severity, Tier } from "@/lib/generated/prisma/enums";
import { SEVERITY_CODES, SEVERITY_LABELS } from "@/lib/validation/failure-mode";

const severityClass: Record<Severity, string> = {
  SEV1: "bg-red-700 text-white",
  SEV2: "bg-orange-700 text-white",
  SEV3: "bg-amber-300 text-slate-950",
  SEV4: "bg-slate-200 text-slate-900",
  UNKNOWN: "border border-dashed border-slate-500 bg-white text-slate-900",
};

const tierClass: Record<Tier, string> = {
  TIER_1: "bg-red-100 text-red-900 ring-1 ring-red-300",
  TIER_2: "bg-orange-100 text-orange-900 ring-1 ring-orange-300",
  TIER_3: "bg-slate-100 text-slate-800 ring-1 ring-slate-300",
  TIER_4: "bg-slate-50 text-slate-700 ring-1 ring-slate-200",
};

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span className={`inline-block rounded px-2 py-0.5 text-sm font-bold tracking-wide ${severityClass[severity]}`} title={SEVERITY_LABELS[severity]}>
      {SEVERITY_CODES[severity]}
    </span>
  );
}

export function TierBadge({ tier }: { tier: Tier }) {
  return <span className={`inline-block rounded px-2 py-0.5 text-xs font-semibold ${tierClass[tier]}`}>{tier.replace("TIER_", "Tier ")}</span>;
}

export type BadgeProps = { tone?: "neutral" | "warn" | "danger" | "ok"; children: React.ReactNode };

const toneClass = {
  neutral: "bg-slate-100 text-slate-800",
  warn: "bg-amber-100 text-amber-900",
  danger: "bg-red-100 text-red-900",
  ok: "bg-emerald-100 text-emerald-900",
};

export function Badge({ tone = "neutral", children }: BadgeProps) {
  return <span className={`inline-block rounded px-2 py-0.5 text-xs font-semibold ${toneClass[tone]}`}>{children}</span>;
}
