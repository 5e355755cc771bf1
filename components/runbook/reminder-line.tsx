import { Time } from "@/components/time";
import type { ReminderPlan } from "@/lib/notify/reminders";

const dayFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

function listed(names: string[]) {
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** "Review due 12 Jan 2027; Ann (owner) and #payments are reminded from 5 Jan in the daily digest; last reminded …" */
export function ReminderLine({ plan }: { plan: ReminderPlan }) {
  const due = plan.dueAt ? (
    <>
      Review due <Time value={plan.dueAt} />;{" "}
    </>
  ) : (
    <>Never reviewed; </>
  );
  const who = plan.recipients.length ? (
    <>
      {listed(plan.recipients)} {plan.recipients.length === 1 ? "is" : "are"} reminded{" "}
      {plan.startsAt ? (
        <>
          from <Time value={plan.startsAt} />
        </>
      ) : (
        "each day until it is reviewed"
      )}{" "}
      in the daily digest.
    </>
  ) : (
    <span className="font-medium text-amber-900">nobody is reminded: give it an owner with an e-mail address, or an owning team.</span>
  );
  return (
    <p data-testid="reminders">
      {due}
      {who}
      {plan.last ? ` Last reminded ${dayFormat.format(new Date(`${plan.last.day}T12:00:00Z`))}: ${listed(plan.last.recipients)}.` : ""}
      {plan.watchers ? ` ${plan.watchers} ${plan.watchers === 1 ? "person watches" : "people watch"} it.` : ""}
    </p>
  );
}
