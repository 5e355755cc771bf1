import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { countUsers } from "@/lib/data/users";
import { SetupForm } from "./setup-form";

export const metadata: Metadata = { title: "Set up" };

export default async function SetupPage() {
  if ((await countUsers()) > 0) redirect("/login");
  return (
    <>
      <h1 className="mb-1 text-xl font-bold">Create the first admin</h1>
      <p className="mb-4 text-sm text-slate-700">
        This page works once, while the portal has no users. The admin adds everyone else under Admin → Users.
      </p>
      <SetupForm />
    </>
  );
}
