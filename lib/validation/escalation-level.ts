import { z } from "zod";
import { deletedField, ENTITY_ID, markdown, optionalKey, optionalMinutes, requiredText, wholeNumber } from "./common";

// An escalation level of a system: who is called, when, and what they are expected to do.

export const escalationLevelSchema = z.object({
  key: optionalKey,
  level: wholeNumber("Level").min(1, "Level starts at 1").max(20),
  name: requiredText("Name"),
  when: markdown(2_000),
  afterMinutes: optionalMinutes("After minutes"),
  expectedResponseMinutes: optionalMinutes("Expected response minutes"),
  responsibilities: markdown(),
  contactIds: z.array(ENTITY_ID).max(50).default([]),
});
export const escalationLevelSnapshotSchema = escalationLevelSchema.extend({ systemId: ENTITY_ID, ...deletedField });

export type EscalationLevelInput = z.infer<typeof escalationLevelSchema>;
