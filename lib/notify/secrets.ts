import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

// Destinations' secrets at rest (their addresses, which for chat webhooks are the secret,
// and webhook signing secrets): AES-256-GCM with a key derived from NEXTAUTH_SECRET. The
// database alone reads none of them; a portal whose NEXTAUTH_SECRET changed cannot either,
// and says so in the delivery log (the admin enters the address again).

const PREFIX = "v1:";

function key(): Buffer {
  const secret = process.env.NEXTAUTH_SECRET;
  if (!secret) throw new Error("NEXTAUTH_SECRET is not set");
  return Buffer.from(hkdfSync("sha256", secret, "runbook-portal", "destination-secrets", 32));
}

export function encryptSecret(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const sealed = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64url");
}

export class UnreadableSecretError extends Error {
  constructor() {
    super("The saved address or secret cannot be read: NEXTAUTH_SECRET changed since it was saved. Enter it again.");
  }
}

export function decryptSecret(stored: string): string {
  if (!stored.startsWith(PREFIX)) throw new UnreadableSecretError();
  const raw = Buffer.from(stored.slice(PREFIX.length), "base64url");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    throw new UnreadableSecretError();
  }
}

/** A new Standard Webhooks signing secret: whsec_ and 32 random bytes in base64. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}
