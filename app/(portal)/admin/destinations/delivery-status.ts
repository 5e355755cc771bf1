import type { DeliveryStatus } from "@/lib/generated/prisma/enums";

/** How a delivery attempt reads, in the list and in a destination's log. */
export const DELIVERY_STATUS: Record<DeliveryStatus, { label: string; tone: string }> = {
  SENT: { label: "Sent", tone: "text-emerald-800" },
  FAILED: { label: "Failed, tried again later", tone: "text-amber-800" },
  GAVE_UP: { label: "Gave up", tone: "text-red-800" },
  DISABLED: { label: "Receiver gone: disabled", tone: "text-red-800" },
};
