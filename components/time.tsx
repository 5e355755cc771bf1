const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });
const dateTimeFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export type TimeProps = { value: Date | string | null | undefined; withTime?: boolean; fallback?: string };

/** Dates in UTC, as on-call rotations span time zones. */
export function Time({ value, withTime = false, fallback = "—" }: TimeProps) {
  if (!value) return <>{fallback}</>;
  const date = typeof value === "string" ? new Date(value) : value;
  return (
    <time dateTime={date.toISOString()}>
      {(withTime ? dateTimeFormat : dateFormat).format(date)}
      {withTime ? " UTC" : ""}
    </time>
  );
}
