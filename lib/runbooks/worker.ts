import { readRunbookFiles } from "./read";
import { coverageOf } from "./coverage-check";

// What the import's worker thread (off-thread.ts) can do: read uploaded files,
// or check rules for coverage, away from the server's event loop.

export const tasks = { read: readRunbookFiles, coverage: coverageOf };

export type Tasks = typeof tasks;
