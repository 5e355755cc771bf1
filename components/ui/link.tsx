import NextLink from "next/link";
import type { ComponentProps } from "react";

/**
 * The portal's links: Next.js's, without prefetching. A runbook page links to dozens of
 * others (a system's overview to 36), and prefetching each one as it scrolls into view
 * turned every page view into dozens of server requests and a second of the phone's main
 * thread: during an incident, when everyone opens the same runbook at once. A click
 * still navigates in place, fetching only the page asked for.
 */
export default function Link(props: ComponentProps<typeof NextLink>) {
  return <NextLink prefetch={false} {...props} />;
}
