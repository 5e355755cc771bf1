import { z } from "zod";
import { ContactKind } from "@/lib/generated/prisma/enums";
import { deletedField, markdown, optionalKey, requiredText, storable, text } from "./common";

// A contact: a person, team, channel or vendor that escalation levels and owners name.

export const CONTACT_KIND_LABELS: Record<ContactKind, string> = {
  PERSON: "Person",
  TEAM: "Team",
  CHANNEL: "Channel",
  VENDOR_SUPPORT: "Vendor support",
};

export const contactSchema = z.object({
  key: optionalKey,
  name: requiredText("Name"),
  kind: z.enum(ContactKind, { error: "Pick a kind" }),
  role: text().trim().max(200).default(""),
  email: z.union([z.literal(""), z.email("Enter an email address like oncall@example.com")]).default(""),
  phone: text()
    .trim()
    .max(40)
    .regex(/^[+0-9 ()./-]*$/, "Use digits, spaces and + ( ) - . only")
    .default(""),
  chat: text().trim().max(200).default(""),
  pagerUrl: z
    .union([z.literal(""), z.url({ protocol: /^https?$/, error: "Enter a full http(s) address" })])
    .check(storable)
    .default(""),
  notes: markdown(5_000),
});
export const contactSnapshotSchema = contactSchema.extend(deletedField);

export type ContactInput = z.infer<typeof contactSchema>;
