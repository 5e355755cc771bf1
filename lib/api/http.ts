import "server-only";
import type { z } from "zod";
import { ForbiddenError } from "@/lib/auth/roles";
import { ConflictError, NotFoundError, TeamRefusedError, WriteRejectedError } from "@/lib/entries/errors";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { MAX_BODY_BYTES } from "@/lib/limits";
import { problem, type Problem } from "./problems";

// The HTTP side of the API shared by every endpoint: JSON bodies read with limits and
// validated strictly, versions as ETags, and every error as RFC 9457 problem details.

/** Thrown anywhere in an endpoint to answer with `problem`. */
export class ApiProblem extends Error {
  constructor(
    public readonly problem: Problem,
    public readonly headers: Record<string, string> = {},
  ) {
    super(problem.title);
  }
}

const JSON_TYPE = /^application\/(?:[a-z0-9.+-]+\+)?json\s*(?:;|$)/i;

/**
 * The request's JSON body. 415 unless it is sent as JSON, 413 over `limit` bytes, 400 when
 * it does not parse. An empty body is `{}` when `optional`, else a 400.
 */
export async function readJson(request: Request, { limit = MAX_BODY_BYTES, optional = false }: { limit?: number; optional?: boolean } = {}): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const type = request.headers.get("content-type");
  if (!type && optional && (declared === 0 || !request.body)) return {};
  if (!type || !JSON_TYPE.test(type)) {
    throw new ApiProblem({ title: "Send JSON", status: 415, detail: "Send the body as JSON, with 'Content-Type: application/json'." });
  }
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > limit) throw tooLarge(limit);
  const text = new TextDecoder().decode(bytes).trim();
  if (text === "") {
    if (optional) return {};
    throw new ApiProblem({ title: "Send a JSON body", status: 400, detail: "This request needs a JSON object as its body." });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ApiProblem({ title: "Malformed JSON", status: 400, detail: `The body is not valid JSON: ${(error as Error).message}` });
  }
  const nul = withNul(value);
  if (nul.length) {
    // PostgreSQL cannot store a NUL character in text: refused here, where it can be said which field holds one.
    throw new ApiProblem({ title: "Some fields need attention; nothing was saved", status: 422, errors: Object.fromEntries(nul.map((path) => [path, ["Text cannot hold a NUL character (\\u0000)"]])) });
  }
  return value;
}

/** The JSON paths of strings (values or keys) holding a NUL character; iterative, so no depth can overflow the stack. */
function withNul(root: unknown): string[] {
  type Node = { value: unknown; key: string | number | null; parent: Node | null };
  const pathOf = (node: Node) => {
    const parts: (string | number)[] = [];
    for (let at: Node | null = node; at && at.key !== null; at = at.parent) parts.unshift(at.key);
    return jsonPath(parts);
  };
  const found: string[] = [];
  const stack: Node[] = [{ value: root, key: null, parent: null }];
  while (stack.length && found.length < 20) {
    const node = stack.pop()!;
    const { value } = node;
    if (typeof value === "string") {
      if (value.includes("\u0000")) found.push(pathOf(node));
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => stack.push({ value: item, key: index, parent: node }));
    } else if (value && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) {
        if (key.includes("\u0000")) found.push(pathOf(node));
        else stack.push({ value: item, key, parent: node });
      }
    }
  }
  return found;
}

function tooLarge(limit: number) {
  return new ApiProblem({ title: "Body too large", status: 413, detail: `The API takes at most ${Math.round(limit / 1024)} KiB in one request.` });
}

/** "$.steps[0].instruction": where in a JSON body a problem is. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((result, part) => (typeof part === "number" ? `${result}[${part}]` : `${result}.${String(part)}`), "$");
}

/** Field errors keyed by JSON path; unknown fields each under their own path. */
export function problemErrors(error: z.ZodError): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) (errors[jsonPath([...issue.path, key])] ??= []).push("Unknown field: the API rejects fields it does not know");
      continue;
    }
    (errors[jsonPath(issue.path)] ??= []).push(issue.message);
  }
  return errors;
}

/** The request's query parameters by `schema`, or 400 with messages by parameter (unknown ones too). */
export function validateQuery<S extends z.ZodType>(schema: S, request: Request): z.infer<S> {
  const parsed = schema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (parsed.success) return parsed.data;
  const errors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) {
    const unknown = issue.code === "unrecognized_keys";
    for (const key of unknown ? issue.keys : [String(issue.path[0] ?? "query")]) (errors[key] ??= []).push(unknown ? "Unknown parameter" : issue.message);
  }
  throw new ApiProblem({ title: "Bad query", status: 400, errors });
}

/** Validates `value` with `schema`, or answers 422 with every field error. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, title = "Some fields need attention; nothing was saved"): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ApiProblem({ title, status: 422, errors: problemErrors(parsed.error) });
  return parsed.data;
}

/** An entry's version as an entity tag. */
export function etag(version: number): string {
  return `"${version}"`;
}

/** The version a write is based on, from If-Match: 428 without one. */
export function ifMatchVersion(request: Request): number {
  const header = request.headers.get("if-match")?.trim();
  if (!header) {
    throw new ApiProblem({
      title: "If-Match required",
      status: 428,
      detail: "Send the version you read as 'If-Match: \"<version>\"' (the ETag of the entry), so a change saved in between is never overwritten.",
    });
  }
  // A strong comparison, as If-Match is defined: a weak tag (W/"3") never matches.
  const match = /^"?(\d{1,10})"?$/.exec(header);
  const version = match ? Number(match[1]) : NaN;
  if (!Number.isSafeInteger(version) || version < 1 || version > 2_147_483_647) {
    throw new ApiProblem({
      title: "If-Match required",
      status: 428,
      detail: "If-Match must be one entity tag the portal gave, e.g. \"3\"; '*', weak tags and lists are not taken.",
    });
  }
  return version;
}

const JSON_HEADERS = { "Cache-Control": "no-store" };

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...JSON_HEADERS, ...headers } });
}

/** What any error thrown by an endpoint is answered with; unknown errors are logged, never shown. */
export function errorResponse(error: unknown): Response {
  if (error instanceof ApiProblem) return problem(error.problem, error.headers);
  if (error instanceof ForbiddenError) {
    return problem({
      title: "Not allowed",
      status: 403,
      detail: `This needs the ${error.needed.toLowerCase()} role. A token with the read scope acts as a viewer, whatever its user's role.`,
    });
  }
  if (error instanceof NotFoundError) return problem({ title: "Not found", status: 404, detail: error.message });
  if (error instanceof ConflictError) {
    return problem(
      {
        title: "Changed since you read it",
        status: 412,
        detail: `Version ${error.expectedVersion} is no longer the latest: someone saved version ${error.currentVersion} in between. Nothing was saved; read it again and re-apply your change.`,
        currentVersion: error.currentVersion,
      },
      { ETag: etag(error.currentVersion) },
    );
  }
  if (error instanceof TeamRefusedError) return problem({ title: "Not allowed", status: 403, detail: error.message });
  if (error instanceof WriteRejectedError) {
    if (error.field) return problem({ title: "Some fields need attention; nothing was saved", status: 422, detail: error.message, errors: { [jsonPath([error.field])]: [error.message] } });
    return problem({ title: "Not possible now", status: 409, detail: error.message });
  }
  if (isDatabaseUnavailable(error)) {
    return problem({ title: "Database unavailable", status: 503, detail: "The portal cannot reach its database right now; try again in a moment." }, { "Retry-After": "5" });
  }
  console.error("API request failed", error);
  return problem({ title: "Something went wrong", status: 500, detail: "Nothing was saved. Try again, and tell an admin if it keeps happening." });
}
