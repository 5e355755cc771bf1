import { z } from "zod";
import { Role } from "@/lib/generated/prisma/enums";
import { requiredText } from "./common";

export const ROLE_LABELS: Record<Role, string> = { VIEWER: "Viewer", EDITOR: "Editor", ADMIN: "Admin" };

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email("Enter an email address like you@example.com"));

export const passwordSchema = z
  .string()
  .min(12, "Use at least 12 characters")
  .max(200, "Use at most 200 characters");

export const userSchema = z.object({
  email: emailSchema,
  name: requiredText("Name", 100),
  role: z.enum(Role, { error: "Pick a role" }),
  password: passwordSchema,
});

export const setupSchema = userSchema.omit({ role: true });

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password").max(200),
});

export const userSnapshotSchema = userSchema.omit({ password: true }).extend({
  disabled: z.boolean(),
  deletedAt: z.iso.datetime({ offset: true }).nullable().default(null),
});

export type UserInput = z.infer<typeof userSchema>;
