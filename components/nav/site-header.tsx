import Link from "@/components/ui/link";
import { hasRole } from "@/lib/auth/roles";
import type { CurrentUser } from "@/lib/session";
import { ROLE_LABELS } from "@/lib/validation/user";
import { HeaderSearch } from "@/components/search/header-search";
import { ENTITIES, ENTRY_TYPE_LIST, type EntryType } from "@/lib/entries";
import { HeaderScripts } from "./header-scripts";

// The portal's header on every screen size: the name (to the dashboard), the navigation in
// four groups, the search field, and the signed-in person. Each group is a <details>
// disclosure, so the menus open and close without any script; under 640 px the groups
// fold into one "Menu" beside the search field, which stays visible. HeaderScripts only
// enhances: one menu open at a time, Escape and a click elsewhere close it, the current
// page is marked, and a bar shows while a page loads. On a phone the order is name, Menu,
// search: as it reads, so as it is tabbed through.

const ENTRY_LABELS = Object.fromEntries(ENTRY_TYPE_LIST.map((type) => [type, ENTITIES[type].label])) as Record<EntryType, string>;

type NavLink = { href: string; label: string };
type NavGroup = { id: string; label: string; links: NavLink[] };

/** The navigation this person sees: every group, with the links their role may use. */
function navigationFor(user: Pick<CurrentUser, "role">): NavGroup[] {
  const editor = hasRole(user, "EDITOR");
  const admin = hasRole(user, "ADMIN");
  const links = (...items: (NavLink | false)[]) => items.filter((item): item is NavLink => !!item);
  return [
    {
      id: "runbooks",
      label: "Runbooks",
      links: links(
        { href: "/", label: "Dashboard" },
        { href: "/systems", label: "Systems" },
        { href: "/failure-modes", label: "Failure modes" },
        { href: "/procedures", label: "Procedures" },
        { href: "/escalation-levels", label: "Escalation" },
        { href: "/dependencies", label: "Dependencies" },
        { href: "/contacts", label: "Contacts" },
        { href: "/teams", label: "Teams" },
      ),
    },
    {
      id: "operate",
      label: "Operate",
      links: links({ href: "/runs", label: "Runs" }, { href: "/readiness", label: "Readiness" }, { href: "/approvals", label: "Approvals" }, { href: "/coverage", label: "Coverage" }),
    },
    { id: "data", label: "Data", links: links(editor && { href: "/import", label: "Import" }, { href: "/export", label: "Export" }) },
    {
      id: "you",
      label: admin ? "You / Admin" : "You",
      links: links({ href: "/settings/tokens", label: "API tokens" }, { href: "/settings/notifications", label: "Mail settings" }, { href: "/offline", label: "Saved offline" }, admin && { href: "/admin/users", label: "Users" }, admin && { href: "/admin/settings", label: "Settings" }, admin && { href: "/admin/destinations", label: "Destinations" }, admin && { href: "/admin/jobs", label: "Jobs" }, admin && { href: "/audit", label: "Audit log" }),
    },
  ];
}

const SUMMARY =
  "flex cursor-pointer list-none items-center gap-1 rounded-md px-2 py-1.5 text-sm font-semibold text-slate-900 hover:bg-slate-100 [&::-webkit-details-marker]:hidden";
const PANEL = "absolute z-50 mt-1 rounded-md border border-slate-300 bg-white py-1 text-sm shadow-lg";
const ITEM = "block px-3 py-2 font-medium text-slate-900 no-underline hover:bg-slate-100 hover:no-underline aria-[current=page]:bg-blue-50 aria-[current=page]:text-blue-900";

function Chevron() {
  return (
    <span aria-hidden className="text-xs text-slate-600">
      ▾
    </span>
  );
}

function GroupLinks({ group, labelledBy = `nav-${group.id}` }: { group: NavGroup; labelledBy?: string }) {
  return (
    <ul aria-labelledby={labelledBy}>
      {group.links.map((link) => (
        <li key={link.href}>
          <Link href={link.href} className={ITEM} data-nav-link>
            {link.label}
          </Link>
        </li>
      ))}
    </ul>
  );
}

function SignOut({ className = "" }: { className?: string }) {
  // A plain form: signing out works without scripts, and clears what this browser saved offline (app/logout/route.ts).
  return (
    <form method="post" action="/logout" className={className}>
      <button type="submit" className="w-full px-3 py-2 text-left font-semibold text-blue-800 hover:bg-slate-100">
        Sign out
      </button>
    </form>
  );
}

export function SiteHeader({ user }: { user: CurrentUser }) {
  const groups = navigationFor(user);
  const you = groups.find((group) => group.id === "you")!;
  const wide = groups.filter((group) => group !== you);
  const whoami = (
    <p className="border-b border-slate-200 px-3 pb-2 pt-1 text-slate-700">
      Signed in as <span className="font-semibold text-slate-900">{user.name}</span> · {ROLE_LABELS[user.role]}
    </p>
  );
  return (
    <header className="no-print relative border-b border-slate-300 bg-white" data-site-header>
      <div className="mx-auto flex max-w-6xl items-center gap-2 px-3 py-2 sm:gap-3 sm:px-4">
        <Link href="/" className="shrink-0 font-bold tracking-tight text-slate-950 no-underline sm:text-lg">
          Runbook Portal
        </Link>
        <nav aria-label="Main">
          {/* Under 640 px: the whole navigation behind one button. */}
          <details className="sm:hidden" data-menu>
            <summary className={`${SUMMARY} border border-slate-300`}>
              Menu
              <Chevron />
            </summary>
            <div className={`${PANEL} inset-x-2 max-h-[80vh] overflow-y-auto`}>
              {whoami}
              <div className="grid grid-cols-2 gap-x-2">
                {groups.map((group) => (
                  <div key={group.id} className="py-1">
                    <p id={`nav-${group.id}`} className="px-3 pt-2 text-xs font-bold uppercase tracking-wide text-slate-600">
                      {group.label}
                    </p>
                    <GroupLinks group={group} />
                  </div>
                ))}
              </div>
              <SignOut className="border-t border-slate-200" />
            </div>
          </details>
          {/* 640 px and wider: a menu per group, on one line. */}
          <ul className="hidden items-center gap-1 sm:flex">
            {wide.map((group) => (
              <li key={group.id} className="relative">
                <details data-menu>
                  <summary className={SUMMARY} id={`nav-${group.id}-wide`}>
                    {group.label}
                    <Chevron />
                  </summary>
                  <div className={`${PANEL} left-0 w-52`}>
                    <GroupLinks group={group} labelledBy={`nav-${group.id}-wide`} />
                  </div>
                </details>
              </li>
            ))}
          </ul>
        </nav>
        <div className="min-w-0 flex-1 sm:flex-none">
          <HeaderSearch labels={ENTRY_LABELS} />
        </div>
        <nav aria-label="Account" className="ml-auto hidden sm:block">
          <details className="relative" data-menu>
            <summary className={SUMMARY} id="nav-you-wide">
              <span className="max-w-48 truncate">{user.name}</span>
              <span className="sr-only">, {ROLE_LABELS[user.role]}: your account</span>
              <Chevron />
            </summary>
            <div className={`${PANEL} right-0 w-60`}>
              {whoami}
              <GroupLinks group={you} labelledBy="nav-you-wide" />
              <SignOut className="border-t border-slate-200" />
            </div>
          </details>
        </nav>
      </div>
      <HeaderScripts />
    </header>
  );
}
