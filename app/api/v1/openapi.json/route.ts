import { endpoint } from "@/lib/api/endpoint";
import { openApiDocument } from "@/lib/api/openapi";

// /api/v1/openapi.json: the API's OpenAPI 3.1 document, open to anyone (it holds no data).

export const GET = endpoint(async () => Response.json(openApiDocument(process.env.NEXTAUTH_URL?.replace(/\/+$/, "")), { headers: { "Cache-Control": "no-cache" } }));
