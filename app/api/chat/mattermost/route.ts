import { mattermostCommand } from "@/lib/alerts/chat-routes";

// POST /api/chat/mattermost: Mattermost's /runbook slash command; every request carries the command's token.
export const POST = mattermostCommand;
