import { z } from "zod";

// Runs in the browser before the portal's own code (Next.js instrumentation-client). Zod
// would otherwise test once whether it may compile parsers with `new Function`: the
// Content-Security-Policy forbids eval, so the test itself is reported as a violation.
// Parsers work the same without it.
z.config({ jitless: true });
