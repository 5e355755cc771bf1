import { collectionOf, endpoint } from "@/lib/api/endpoint";
import { createEntry, listEntries } from "@/lib/api/entries";

// /api/v1/<collection>: list (with filters and paging) and create, for every entry type.

export const GET = endpoint<{ collection: string }>((request, { collection }) => listEntries(request, collectionOf(collection)));
export const POST = endpoint<{ collection: string }>((request, { collection }) => createEntry(request, collectionOf(collection)));
