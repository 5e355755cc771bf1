// When the daily digest goes out (README, "Notifications"): RUNBOOK_DIGEST_HOUR (default 8)
// in RUNBOOK_TIME_ZONE (default UTC). No database here: npm start checks these first.

export function digestSettings(env: Record<string, string | undefined> = process.env) {
  const timeZone = env.RUNBOOK_TIME_ZONE || "UTC";
  try {
    new Intl.DateTimeFormat("en", { timeZone });
  } catch {
    throw new Error(`RUNBOOK_TIME_ZONE is not a time zone: ${timeZone} (e.g. Europe/Berlin)`);
  }
  const hour = Number(env.RUNBOOK_DIGEST_HOUR ?? 8);
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new Error("RUNBOOK_DIGEST_HOUR must be a whole hour from 0 to 23");
  return { timeZone, hour };
}

/** The day and hour at `now` in the time zone: "2026-12-03", 8. */
export function localDayAndHour(now: Date, timeZone: string) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", hourCycle: "h23" }).formatToParts(now).map((p) => [p.type, p.value]));
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}
