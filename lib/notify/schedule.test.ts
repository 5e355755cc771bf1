import { expect, test } from "vitest";
import { digestSettings, localDayAndHour } from "./schedule";

test("the digest's day and hour are the time zone's: 23:30 UTC is already tomorrow, at 00, in Berlin", () => {
  const now = new Date("2026-12-03T23:30:00Z");
  expect(localDayAndHour(now, "UTC")).toEqual({ day: "2026-12-03", hour: 23 });
  expect(localDayAndHour(now, "Europe/Berlin")).toEqual({ day: "2026-12-04", hour: 0 });
  expect(localDayAndHour(now, "America/New_York")).toEqual({ day: "2026-12-03", hour: 18 });
});

test("defaults, and mistakes said in a sentence", () => {
  expect(digestSettings({})).toEqual({ timeZone: "UTC", hour: 8 });
  expect(digestSettings({ RUNBOOK_TIME_ZONE: "Europe/Berlin", RUNBOOK_DIGEST_HOUR: "6" })).toEqual({ timeZone: "Europe/Berlin", hour: 6 });
  expect(() => digestSettings({ RUNBOOK_TIME_ZONE: "Mars/Olympus" })).toThrow("RUNBOOK_TIME_ZONE is not a time zone: Mars/Olympus");
  expect(() => digestSettings({ RUNBOOK_DIGEST_HOUR: "25" })).toThrow("RUNBOOK_DIGEST_HOUR must be a whole hour from 0 to 23");
});
