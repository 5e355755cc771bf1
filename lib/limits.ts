// Sizes the portal's server and its forms agree on (shared by server and browser code).

/** The largest request body the portal takes (forms, sign-in, the API); next.config.js sets Next.js's action limit to match. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** What a form may hold before the browser refuses to send it (room left for the form's own fields). */
export const MAX_FORM_TEXT_BYTES = MAX_BODY_BYTES - 64 * 1024;
