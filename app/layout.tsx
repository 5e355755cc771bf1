import type { Metadata, Viewport } from "next";
import "./globals.css";

// Every page reads the session and the database: nothing is prerendered at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Runbook Portal", template: "%s · Runbook Portal" },
  description: "What each system does, how it fails, how to fix it, who to call.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
