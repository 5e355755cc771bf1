"use client";

import { signOut } from "next-auth/react";

export function SignOutButton() {
  return (
    <button type="button" onClick={() => void signOut({ callbackUrl: "/login" })} className="rounded px-2 py-1 font-medium text-blue-800 hover:bg-slate-100">
      Sign out
    </button>
  );
}
