// API errors in one shape, RFC 9457 problem details: type, title, status, detail, and
// field errors keyed by JSON path ("$.steps[0].instruction"). Never a stack trace.

export type Problem = {
  title: string;
  status: number;
  detail?: string;
  errors?: Record<string, string[]>;
  /** on 412: the version the entry has now */
  currentVersion?: number;
};

export const PROBLEM_TYPES: Record<number, string> = {
  400: "bad-request",
  401: "unauthorized",
  403: "forbidden",
  404: "not-found",
  405: "method-not-allowed",
  409: "conflict",
  412: "precondition-failed",
  413: "too-large",
  415: "unsupported-media-type",
  422: "invalid",
  428: "precondition-required",
  429: "too-many-requests",
  500: "server-error",
  503: "unavailable",
};

/** What each status means for a caller: the OpenAPI document's answers and the problem types on /api/docs. */
export const PROBLEM_HELP: Record<number, string> = {
  400: "Malformed JSON, or a query parameter the endpoint does not know or cannot use",
  401: "No valid token: missing, unknown, revoked, expired, or its user disabled",
  403: "The role does not allow it (a read-scope token acts as a viewer), an ingest token anywhere but the alert webhook, or a cookie write from another site",
  404: "No such entry, collection or alert",
  405: "A method no part of the portal takes (TRACE and the like): Allow lists those it does",
  409: "Not possible in the entry's state (deleted: restore it first), or the portal changed while importing",
  412: "Someone saved in between: If-Match is not the current version (ETag and currentVersion say which it is now); nothing was saved",
  413: "The body is too large",
  415: "The body is not JSON (Content-Type: application/json)",
  422: "Fields that need attention, under errors by JSON path; unknown fields are refused",
  428: "If-Match is missing: send the ETag of the version you read",
  429: "Too many requests: wait the seconds in Retry-After",
  500: "Something went wrong on the portal's side; nothing was saved",
  503: "The database is unavailable for a moment: retry after Retry-After seconds",
};

export function problem({ title, status, detail, errors, currentVersion }: Problem, headers: Record<string, string> = {}): Response {
  const body = {
    type: `/api/docs#problem-${PROBLEM_TYPES[status] ?? "error"}`,
    title,
    status,
    ...(detail ? { detail } : {}),
    ...(errors ? { errors } : {}),
    ...(currentVersion !== undefined ? { currentVersion } : {}),
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/problem+json", "Cache-Control": "no-store", ...headers },
  });
}
