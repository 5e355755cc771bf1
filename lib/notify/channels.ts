import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import type { DestinationKind } from "@/lib/generated/prisma/enums";

// What the portal posts to a destination, in each receiver's documented shape (README,
// "Notifications"): a Slack incoming webhook (text + Block Kit blocks), a Mattermost
// incoming webhook (Markdown text), a Microsoft Teams workflow webhook (a message carrying
// an Adaptive Card), and a generic JSON webhook signed per the Standard Webhooks spec.

/** The events a destination can get; a test is always allowed. */
export const DESTINATION_EVENTS = {
  digest: "Daily: reviews and drills due on its systems",
  "change-requested": "At once: a change waits for approval",
  run: "At once: an incident run started or ended",
} as const;

export type DestinationEvent = keyof typeof DESTINATION_EVENTS;

/** The same, in a few words, for lists. */
export const DESTINATION_EVENTS_SHORT: Record<DestinationEvent, string> = { digest: "daily reviews and drills", "change-requested": "approvals waiting", run: "incident runs" };

/** One thing to say, whatever the channel. `type` names it for generic webhooks. */
export type Message = {
  type: "digest.due" | "change_request.opened" | "incident_run.started" | "incident_run.ended" | "test";
  title: string;
  lines: string[];
  link: { label: string; url: string };
  /** the facts, for machines (a generic webhook's `data`) */
  data: Record<string, unknown>;
};

export type OutgoingRequest = { body: string; headers: Record<string, string> };

/** Slack's mrkdwn reserves &, < and >. */
export const slackText = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
/** Markdown's link and emphasis characters, taken literally (Mattermost). */
export const markdownText = (text: string) => text.replace(/([\\`*_[\]<>#|])/g, "\\$1");

export function slackPayload(message: Message) {
  const body = [`*${slackText(message.title)}*`, ...message.lines.map((line) => `• ${slackText(line)}`)].join("\n");
  return {
    text: `${message.title}: ${message.link.url}`,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: body.slice(0, 3000) } },
      { type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: message.link.label.slice(0, 75) }, url: message.link.url }] },
    ],
  };
}

export function mattermostPayload(message: Message) {
  return {
    username: "Runbook Portal",
    text: [`#### ${markdownText(message.title)}`, ...message.lines.map((line) => `- ${markdownText(line)}`), "", `[${markdownText(message.link.label)}](${message.link.url})`].join("\n"),
  };
}

export function teamsPayload(message: Message) {
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body: [
            { type: "TextBlock", text: message.title, weight: "Bolder", size: "Medium", wrap: true },
            ...message.lines.map((line) => ({ type: "TextBlock", text: line, wrap: true, spacing: "Small" })),
          ],
          actions: [{ type: "Action.OpenUrl", title: message.link.label, url: message.link.url }],
        },
      },
    ],
  };
}

export function webhookPayload(message: Message, at: Date) {
  return { type: message.type, timestamp: at.toISOString(), data: { title: message.title, lines: message.lines, url: message.link.url, ...message.data } };
}

/**
 * The request for one destination. Generic webhooks are signed with every secret given (the
 * current one, and during a rotation the previous one), per Standard Webhooks: the
 * receiver accepts the message if any signature checks out with a secret it knows.
 */
export function outgoingRequest(kind: DestinationKind, message: Message, secrets: string[], at = new Date(), id = `msg_${randomUUID()}`): OutgoingRequest {
  const json = { "Content-Type": "application/json", "User-Agent": "RunbookPortal" };
  if (kind === "SLACK") return { body: JSON.stringify(slackPayload(message)), headers: json };
  if (kind === "MATTERMOST") return { body: JSON.stringify(mattermostPayload(message)), headers: json };
  if (kind === "TEAMS") return { body: JSON.stringify(teamsPayload(message)), headers: json };
  const body = JSON.stringify(webhookPayload(message, at));
  const signature = secrets.map((secret) => new Webhook(secret).sign(id, at, body)).join(" ");
  return {
    body,
    headers: { ...json, "webhook-id": id, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": signature },
  };
}
