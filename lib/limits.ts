// Sizes the portal's server and its forms agree on (shared by server and browser code).

/** The largest request body the portal takes (forms, sign-in, the API); next.config.js sets Next.js's action limit to match. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** What a form may hold before the browser refuses to send it (room left for the form's own fields). */
export const MAX_FORM_TEXT_BYTES = MAX_BODY_BYTES - 64 * 1024;

/** The paths that take uploads of runbook files, and so a larger body (RUNBOOK_IMPORT_MAX_UPLOAD_MB). */
export const UPLOAD_PATHS = ["/import/upload", "/api/v1/import"];

/** The largest upload of runbook files (a zip, or many YAML files) in one request. */
export function maxUploadBytes(): number {
  const megabytes = Number(typeof process === "undefined" ? undefined : process.env.RUNBOOK_IMPORT_MAX_UPLOAD_MB);
  return (Number.isFinite(megabytes) && megabytes > 0 ? megabytes : 50) * 1024 * 1024;
}
