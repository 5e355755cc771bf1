import Link from "@/components/ui/link";

export default function NotFound() {
  return (
    <main id="main" className="mx-auto max-w-xl p-8">
      <h1 className="text-2xl font-bold">Page not found</h1>
      <p className="mt-2">
        Nothing lives at this address. Go to the <Link href="/">dashboard</Link>.
      </p>
    </main>
  );
}
