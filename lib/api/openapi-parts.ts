import { z } from "zod";
import type { Collection } from "./collections";
import { PROBLEM_HELP } from "./problems";

// The pieces the OpenAPI document (openapi.ts) is built from: zod schemas as JSON Schema,
// references, problem answers, bodies, query and path parameters.

export type JsonSchema = Record<string, unknown>;

/** A schema as the document holds it: request bodies as they may be sent, answers as they are. */
export function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const out = z.toJSONSchema(schema, {
    io,
    unrepresentable: "any",
    target: "draft-2020-12",
    // A field whose schema fills in a value when it is missing may be left out of a request.
    override: ({ zodSchema, jsonSchema: out }) => {
      if (io !== "input" || !(zodSchema instanceof z.ZodObject) || !Array.isArray(out.required)) return;
      const shape = zodSchema.shape as Record<string, z.ZodType>;
      out.required = out.required.filter((key) => !shape[key]?.safeParse(undefined).success);
      if (out.required.length === 0) delete out.required;
    },
  }) as JsonSchema;
  delete out.$schema;
  return out;
}

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const pascal = (collection: Collection) => collection.desc.label.replace(/(^|\s)(\w)/g, (_m, _s, c: string) => c.toUpperCase());

export function problems(...statuses: number[]) {
  return Object.fromEntries(
    // Every operation may answer 403: an ingest token is refused everywhere but the alert webhook.
    [...new Set([401, 403, 429, 503, ...statuses])].map((status) => [
      String(status),
      { description: PROBLEM_HELP[status], content: { "application/problem+json": { schema: ref("Problem") } } },
    ]),
  );
}

export const etagHeader = { ETag: { description: "The entry's version; send it back as If-Match to change the entry", schema: { type: "string" } } };
export const ifMatch = { name: "If-Match", in: "header", required: true, description: "The ETag of the version this change is based on, e.g. \"3\"", schema: { type: "string" } };

export function ok(schema: JsonSchema, description: string, headers?: Record<string, unknown>) {
  return { description, ...(headers ? { headers } : {}), content: { "application/json": { schema } } };
}

export function body(schema: JsonSchema, required = true, types = ["application/json"]) {
  return { required, content: Object.fromEntries(types.map((type) => [type, { schema }])) };
}

export function queryParameters(schema: z.ZodObject): JsonSchema[] {
  const shape = schema.shape as Record<string, z.ZodType>;
  return Object.entries(shape).map(([name, field]) => {
    const fieldSchema = jsonSchema(field, "input");
    return {
      name,
      in: "query",
      required: !field.safeParse(undefined).success,
      ...(typeof fieldSchema.description === "string" ? { description: fieldSchema.description } : {}),
      schema: fieldSchema,
    };
  });
}

export const refParameter = (collection: Collection) => ({
  name: "ref",
  in: "path",
  required: true,
  description: collection.desc.address === "slug" ? `The ${collection.desc.label.toLowerCase()}'s slug or id` : `The ${collection.desc.label.toLowerCase()}'s id`,
  schema: { type: "string" },
});
