import { z } from "zod";
import { ContactKind } from "@/lib/generated/prisma/enums";
import { storable, text } from "./common";

// A contact: a person, team, channel or vendor that escalation levels and owners name.

export const CONTACT_KIND_LABELS: Record<ContactKind, string> = {
  PERSON: "Person",
  TEAM: "Team",
  CHANNEL: "Channel",
  VENDOR_SUPPORT: "Vendor support",
};

/** A contact's phone, as people type it. */
export const phoneNumber = text()
  .trim()
  .max(40)
  .regex(/^[+0-9 ()./-]*$/, "Use digits, spaces and + ( ) - . only")
  .default("");

/** An address on the web a person opens: http(s) only, or none. */
export const webAddress = z
  .union([z.literal(""), z.url({ protocol: /^https?$/, error: "Enter a full http(s) address" })])
  .check(storable)
  .default("");

export const optionalEmail = z.union([z.literal(""), z.email("Enter an email address like oncall@example.com")]).default("");
