import { slackCommand } from "@/lib/alerts/chat-routes";

// POST /api/chat/slack: Slack's /runbook slash command; every request signed with the app's signing secret.
export const POST = slackCommand;
