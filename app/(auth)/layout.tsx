export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-4 py-12">
      <p className="mb-6 text-center text-lg font-bold tracking-tight text-slate-900">Runbook Portal</p>
      <div className="rounded-lg border border-slate-300 bg-white p-6 shadow-sm">{children}</div>
    </main>
  );
}
