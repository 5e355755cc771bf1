import { endpoint } from "@/lib/api/endpoint";
import { markdownAnswer } from "@/lib/runbooks/markdown-answer";

// A runbook page as Markdown. proxy.ts routes here the requests for /systems/<slug>,
// /failure-modes/<id>, /procedures/<id> and /alerts/<name> that ask for text/markdown or
// ?format=md; markdownAnswer authenticates (cookie or token) before it reads anything.

export const GET = endpoint<{ kind: string; ref: string }>((request, { kind, ref }) => markdownAnswer(request, kind, ref));
