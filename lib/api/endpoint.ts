import "server-only";
import { collectionNamed, type Collection } from "./collections";
import { ApiProblem, errorResponse } from "./http";
import { limitAddress } from "./rate-limit";

// Every /api/v1 route handler is one of these: the client address's rate limit first, then
// the endpoint, with anything it throws answered as problem details (lib/api/http.ts).

type Context<P> = { params: Promise<P> };

export function endpoint<P extends Record<string, string> = Record<string, never>>(handler: (request: Request, params: P) => Promise<Response>) {
  return async (request: Request, context: Context<P>): Promise<Response> => {
    try {
      await limitAddress(request);
      return await handler(request, await context.params);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** The collection a route's first segment names, or 404. */
export function collectionOf(name: string): Collection {
  const collection = collectionNamed(name);
  if (!collection) throw new ApiProblem({ title: "Not found", status: 404, detail: `The API has no collection “${name.slice(0, 60)}”; see /api/v1/openapi.json.` });
  return collection;
}
