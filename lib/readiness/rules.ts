// The operational readiness checklist: what a system's runbook must have before the
// next incident. Shared by /readiness and the dashboard's "Needs attention"; the facts
// come from one query (lib/readiness/facts.ts), the verdicts from here.
// No database access and no React: unit tested rule by rule.

import { reviewStatus } from "@/lib/review";

export const READINESS_RULE_IDS = ["owners", "team", "on-call", "failure-modes", "expected-results", "escalation", "reviewed", "drilled"] as const;

export type ReadinessRuleId = (typeof READINESS_RULE_IDS)[number];

export const READINESS_RULES: Record<ReadinessRuleId, string> = {
  owners: "Owner and backup owner set",
  team: "Owned by a team (team-scoped editing: until then, every editor changes it)",
  "on-call": "On-call set",
  "failure-modes": "Every failure mode has alert names, a severity, immediate actions and a procedure",
  "expected-results": "Every step with a command says what to expect",
  escalation: "Escalation ladder has at least two levels with contacts",
  reviewed: "Reviewed within its interval",
  drilled: "Every procedure drilled within its interval",
};

/** What the rules read about one system (counts of live entries only). */
export type ReadinessFacts = {
  id: string;
  slug: string;
  name: string;
  tier: string;
  /** the system's version, for an admin's "not applicable" mark */
  version: number;
  hasOwner: boolean;
  hasBackupOwner: boolean;
  /** the owner or the backup owner is a team */
  hasOwningTeam: boolean;
  onCall: string;
  lastReviewedAt: Date | null;
  reviewIntervalDays: number;
  failureModes: number;
  /** failure modes without alert names, with severity SEV?, without immediate actions, without a live procedure */
  withoutAlerts: number;
  unknownSeverity: number;
  withoutActions: number;
  withoutProcedure: number;
  /** a failure mode to fix first (the first one missing something) */
  firstIncompleteFailureMode: string | null;
  /** steps with a command but no expected result, and the first procedure that has one */
  stepsWithoutExpected: number;
  firstProcedureWithoutExpected: string | null;
  /** escalation levels with at least one live contact */
  levelsWithContacts: number;
  procedures: number;
  /** procedures never drilled, and drilled but longer ago than their interval */
  neverDrilled: number;
  drillOverdue: number;
  firstUndrilledProcedure: string | null;
  exceptions: { rule: ReadinessRuleId; reason: string }[];
};

export type ReadinessItem = {
  rule: ReadinessRuleId;
  label: string;
  state: "met" | "unmet" | "not-applicable";
  /** what is missing, in a few words ("no backup owner") */
  detail: string;
  /** where to fix it */
  fixHref: string;
  reason?: string;
};

export type Readiness = { items: ReadinessItem[]; unmet: number };

function plural(count: number, one: string, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}

/** Each rule: what is missing (null when met) and where to fix it. */
const CHECKS: Record<ReadinessRuleId, (facts: ReadinessFacts, now: Date) => { missing: string | null; fixHref: string }> = {
  owners: (f) => ({
    missing: !f.hasOwner && !f.hasBackupOwner ? "no owner and no backup owner" : !f.hasOwner ? "no owner" : !f.hasBackupOwner ? "no backup owner" : null,
    fixHref: `/systems/${f.slug}/edit#field-ownerId`,
  }),
  team: (f) => ({ missing: f.hasOwningTeam ? null : "no owning team", fixHref: `/systems/${f.slug}/edit#field-ownerId` }),
  "on-call": (f) => ({ missing: f.onCall.trim() ? null : "no on-call set", fixHref: `/systems/${f.slug}/edit#field-onCall` }),
  "failure-modes": (f) => {
    const gaps = [
      f.withoutAlerts ? `${plural(f.withoutAlerts, "failure mode")} without alert names` : "",
      f.unknownSeverity ? `${plural(f.unknownSeverity, "failure mode")} without a severity (SEV?)` : "",
      f.withoutActions ? `${plural(f.withoutActions, "failure mode")} without immediate actions` : "",
      f.withoutProcedure ? `${plural(f.withoutProcedure, "failure mode")} without a procedure` : "",
    ].filter(Boolean);
    if (f.failureModes === 0) return { missing: "no failure modes", fixHref: `/systems/${f.slug}/failure-modes/new` };
    return { missing: gaps.length ? gaps.join(", ") : null, fixHref: f.firstIncompleteFailureMode ? `/failure-modes/${f.firstIncompleteFailureMode}/edit` : `/systems/${f.slug}#failure-modes` };
  },
  "expected-results": (f) => ({
    missing: f.stepsWithoutExpected ? `${plural(f.stepsWithoutExpected, "step")} with a command but no expected result` : null,
    fixHref: f.firstProcedureWithoutExpected ? `/procedures/${f.firstProcedureWithoutExpected}/edit` : `/systems/${f.slug}#procedures`,
  }),
  escalation: (f) => ({
    missing: f.levelsWithContacts >= 2 ? null : f.levelsWithContacts === 1 ? "only one escalation level with contacts" : "no escalation ladder with contacts",
    fixHref: `/systems/${f.slug}#escalation`,
  }),
  reviewed: (f, now) => {
    const review = reviewStatus(f.lastReviewedAt, f.reviewIntervalDays, now);
    const missing = review.state === "never" ? "never reviewed" : review.state === "overdue" ? `review overdue by ${plural(review.daysOverdue, "day")}` : null;
    return { missing, fixHref: `/systems/${f.slug}#review` };
  },
  drilled: (f) => {
    const gaps = [f.neverDrilled ? `${plural(f.neverDrilled, "procedure")} never drilled` : "", f.drillOverdue ? `${plural(f.drillOverdue, "drill")} overdue` : ""].filter(Boolean);
    return { missing: gaps.length ? gaps.join(", ") : null, fixHref: f.firstUndrilledProcedure ? `/procedures/${f.firstUndrilledProcedure}#runs` : `/systems/${f.slug}#procedures` };
  },
};

/**
 * The checklist of one system: every rule met, unmet, or marked not applicable by an admin.
 * `teamScoped`: team-scoped editing is on (/admin/settings), and an owning team is checked.
 */
export function readinessOf(facts: ReadinessFacts, now = new Date(), { teamScoped = false }: { teamScoped?: boolean } = {}): Readiness {
  const items = READINESS_RULE_IDS.filter((rule) => rule !== "team" || teamScoped).map((rule): ReadinessItem => {
    const { missing, fixHref } = CHECKS[rule](facts, now);
    const exception = facts.exceptions.find((e) => e.rule === rule);
    const label = READINESS_RULES[rule];
    if (exception) return { rule, label, state: "not-applicable", detail: missing ?? "", fixHref, reason: exception.reason };
    return { rule, label, state: missing ? "unmet" : "met", detail: missing ?? "", fixHref };
  });
  return { items, unmet: items.filter((item) => item.state === "unmet").length };
}
