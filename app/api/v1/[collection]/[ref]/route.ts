import { collectionOf, endpoint } from "@/lib/api/endpoint";
import { getEntry, patchEntry, removeEntry, replaceEntry } from "@/lib/api/entries";

// /api/v1/<collection>/<id> (systems also by slug): read, replace, patch and delete one entry.

type Params = { collection: string; ref: string };

export const GET = endpoint<Params>((request, { collection, ref }) => getEntry(request, collectionOf(collection), ref));
export const PUT = endpoint<Params>((request, { collection, ref }) => replaceEntry(request, collectionOf(collection), ref));
export const PATCH = endpoint<Params>((request, { collection, ref }) => patchEntry(request, collectionOf(collection), ref));
export const DELETE = endpoint<Params>((request, { collection, ref }) => removeEntry(request, collectionOf(collection), ref));
