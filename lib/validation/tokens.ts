import { z } from "zod";
import { TokenScope } from "@/lib/generated/prisma/enums";
import { requiredText } from "./common";

export const TOKEN_SCOPE_LABELS: Record<TokenScope, string> = {
  READ: "Read: look things up",
  WRITE: "Write: also change, as your role allows",
  INGEST: "Ingest: only post alerts (for Alertmanager or Grafana)",
};

/** Days until a new token expires; "never" is allowed but not the default. */
export const TOKEN_EXPIRY_CHOICES = ["30", "90", "365", "never"] as const;

export const newTokenSchema = z.object({
  name: requiredText("Name", 100),
  scope: z.enum(TokenScope, { error: "Pick read, write or ingest" }),
  expiresIn: z.enum(TOKEN_EXPIRY_CHOICES, { error: "Pick when the token expires" }).default("90"),
});

export type NewToken = z.infer<typeof newTokenSchema>;
