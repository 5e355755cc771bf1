import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { DrillBadge, DrillLine } from "@/components/runs/run-parts";
import { drillStatus, drillSummary } from "./drill-status";

// When a drill is due, and how the procedure, overview and failure mode pages say it.

const DAY = 86_400_000;
const now = new Date("2026-11-23T12:00:00Z");
const ago = (days: number, minutes = 0) => ({ startedAt: new Date(now.getTime() - days * DAY - minutes * 60_000), endedAt: new Date(now.getTime() - days * DAY) });
const html = (element: Parameters<typeof renderToStaticMarkup>[0]) => renderToStaticMarkup(element);

describe("drill status", () => {
  test("never drilled, current, and overdue by whole days past the interval", () => {
    expect(drillStatus(null, 90, now)).toMatchObject({ state: "never", last: null, minutes: null });
    expect(drillStatus(ago(89, 12), 90, now)).toMatchObject({ state: "current", minutes: 12 });
    expect(drillStatus(ago(90), 90, now)).toMatchObject({ state: "overdue", daysOverdue: 0 });
    expect(drillStatus(ago(100), 90, now)).toMatchObject({ state: "overdue", daysOverdue: 10 });
    expect(drillStatus(ago(100), 180, now).state).toBe("current");
  });

  test("the summary line: date, time taken, the estimate", () => {
    const format = (date: Date) => date.toISOString().slice(0, 10);
    expect(drillSummary(drillStatus(ago(3, 23), 90, now), 30, format)).toBe("last drilled 2026-11-20, took 23 min (estimate 30 min)");
    expect(drillSummary(drillStatus(ago(3, 23), 90, now), null, format)).toBe("last drilled 2026-11-20, took 23 min");
    expect(drillSummary(drillStatus(null, 90, now), 30, format)).toBe("never drilled");
  });

  test("badges: none when current, 'Never drilled', 'Drill overdue by N d'", () => {
    expect(html(createElement(DrillBadge, { status: drillStatus(ago(10), 90, now) }))).toBe("");
    expect(html(createElement(DrillBadge, { status: drillStatus(null, 90, now) }))).toContain("Never drilled");
    expect(html(createElement(DrillBadge, { status: drillStatus(ago(100), 90, now) }))).toContain("Drill overdue by 10 d");
    const line = html(createElement(DrillLine, { status: drillStatus(ago(100, 14), 90, now), estimatedMinutes: 10, intervalDays: 90 }));
    expect(line).toContain("Last drilled 15 Aug 2026, took 14 min (estimate 10 min) · drilled every 90 days");
    expect(line).toContain("Drill overdue by 10 d");
  });
});
