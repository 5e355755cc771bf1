import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { requireUser } from "@/lib/session";
import { hasRole } from "@/lib/auth/roles";
import { listTokens, type TokenRow } from "@/lib/auth/tokens";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Time } from "@/components/time";
import { NewTokenForm, RevokeTokenForm } from "./token-forms";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export const metadata: Metadata = { title: "API tokens" };

function status(token: TokenRow, now: Date) {
  if (token.revokedAt) return <Badge tone="danger">revoked</Badge>;
  if (token.expiresAt && token.expiresAt <= now) return <Badge tone="danger">expired</Badge>;
  return <Badge tone="ok">active</Badge>;
}

function TokenTable({ tokens, caption, withOwner }: { tokens: TokenRow[]; caption: string; withOwner?: boolean }) {
  const now = new Date();
  if (tokens.length === 0) return <p className="rounded-lg border border-dashed border-slate-400 bg-white p-4 text-slate-700">No tokens yet.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-300 bg-white">
      <Table>
        <TableCaption className="sr-only">{caption}</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHead>Name</TableHead>
            {withOwner ? <TableHead>Owner</TableHead> : null}
            <TableHead>Token</TableHead>
            <TableHead>Scope</TableHead>
            <TableHead>Created</TableHead>
            <TableHead>Last used</TableHead>
            <TableHead>Expires</TableHead>
            <TableHead>Status</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {tokens.map((token) => (
            <TableRow key={token.id}>
              <TableHead scope="row" className="font-semibold">{token.name}</TableHead>
              {withOwner ? <TableCell>{token.user.name} <span className="text-slate-600">({token.user.email})</span></TableCell> : null}
              <TableCell className="font-mono text-xs">{token.prefix}…</TableCell>
              <TableCell>{token.scope === "READ" ? "read" : "write"}</TableCell>
              <TableCell><Time value={token.createdAt} withTime /></TableCell>
              <TableCell><Time value={token.lastUsedAt} withTime fallback="never" /></TableCell>
              <TableCell><Time value={token.expiresAt} fallback="never" /></TableCell>
              <TableCell>
                <div className="flex flex-wrap items-center gap-2">
                  {status(token, now)}
                  {token.revokedAt ? null : <RevokeTokenForm tokenId={token.id} name={token.name} />}
                </div>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

export default async function TokensPage() {
  const user = await requireUser();
  const admin = hasRole(user, "ADMIN");
  const [mine, everyone] = await Promise.all([listTokens(user), admin ? listTokens(user, { everyone: true }) : Promise.resolve([])]);
  return (
    <div className="space-y-8">
      <PageHeader
        title="API tokens"
        description={
          <>
            Personal access tokens let scripts and bots use the portal’s API (<code>/api/v1</code>) as you. A read token only looks things up; a write token can
            change what your role allows ({user.role === "VIEWER" ? "as a viewer, nothing" : "you are an " + user.role.toLowerCase()}). Revoking one stops it at once. What the API offers:{" "}
            <Link href="/api/docs" className="text-blue-800 underline">API reference</Link>.
          </>
        }
      />
      <section aria-labelledby="new-token" className="space-y-2">
        <h2 id="new-token" className="text-xl font-bold">Create a token</h2>
        <NewTokenForm />
      </section>
      <section aria-labelledby="my-tokens" className="space-y-2">
        <h2 id="my-tokens" className="text-xl font-bold">Your tokens</h2>
        <TokenTable tokens={mine} caption="Your tokens" />
      </section>
      {admin ? (
        <section aria-labelledby="all-tokens" className="space-y-2">
          <h2 id="all-tokens" className="text-xl font-bold">Everyone’s tokens</h2>
          <p className="text-sm text-slate-700">As an admin you can revoke any token, e.g. one that leaked or belongs to someone who left.</p>
          <TokenTable tokens={everyone} caption="Everyone’s tokens" withOwner />
        </section>
      ) : null}
    </div>
  );
}
