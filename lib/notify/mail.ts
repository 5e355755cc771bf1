import nodemailer, { type Transporter } from "nodemailer";

// E-mail over SMTP (README, "Notifications"): RUNBOOK_SMTP_URL, e.g. smtp://user:pass@host:587
// or smtps://…:465, and RUNBOOK_MAIL_FROM. Without RUNBOOK_SMTP_URL nothing is mailed.

export type Mail = { to: string; subject: string; text: string; html: string; headers?: Record<string, string> };

let transport: { url: string; sender: Transporter } | undefined;

function transporter(): Transporter | null {
  const url = process.env.RUNBOOK_SMTP_URL;
  if (!url) return null;
  if (transport?.url !== url) transport = { url, sender: nodemailer.createTransport(url) };
  return transport.sender;
}

/** Sends one mail; false when no SMTP server is configured. A refused mail throws (its job is retried). */
export async function sendMail(mail: Mail): Promise<boolean> {
  const sender = transporter();
  if (!sender) return false;
  await sender.sendMail({ from: process.env.RUNBOOK_MAIL_FROM || "Runbook Portal <runbooks@localhost>", ...mail });
  return true;
}

/** The portal's address for links in mail: NEXTAUTH_URL, else localhost. */
export function portalLink(path: string): string {
  const base = (process.env.NEXTAUTH_URL || `http://localhost:${process.env.PORT || 3000}`).replace(/\/+$/, "");
  return `${base}${path}`;
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text made safe for the HTML part. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}
