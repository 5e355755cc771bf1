import { collectionOf, endpoint } from "@/lib/api/endpoint";
import { entryHistory } from "@/lib/api/entries";

// /api/v1/<collection>/<id>/history: every version of the entry, newest first.

export const GET = endpoint<{ collection: string; ref: string }>((request, { collection, ref }) => entryHistory(request, collectionOf(collection), ref));
