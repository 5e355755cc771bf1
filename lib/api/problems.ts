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
