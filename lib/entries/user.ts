import { userSchema, userSnapshotSchema } from "@/lib/validation/user";
import { deletedAtField, type EntityDescriptor } from "./descriptor";

/** Accounts: kept in history like entries, managed by admins, never exported. */
export const USER: EntityDescriptor = {
  type: "USER",
  label: "User",
  plural: "Users",
  segment: null,
  managedAt: "/admin/users",
  writeRole: "ADMIN",
  model: "user",
  table: "User",
  ofSystem: false,
  schema: userSchema,
  snapshotSchema: userSnapshotSchema,
  many: [],
  references: [],
  unique: [],
  heading: { fields: ["name"] },
  restoreSkips: ["email"],
  fields: {
    email: { label: "Email", kind: "text" },
    name: { label: "Name", kind: "text" },
    role: { label: "Role", kind: "enum" },
    disabled: { label: "Disabled", kind: "boolean" },
    deletedAt: deletedAtField,
  },
};
