import { collectionOf, endpoint } from "@/lib/api/endpoint";
import { restoreEntry } from "@/lib/api/entries";

// /api/v1/<collection>/<id>/restore: brings back an old version as a new one.

export const POST = endpoint<{ collection: string; ref: string }>((request, { collection, ref }) => restoreEntry(request, collectionOf(collection), ref));
