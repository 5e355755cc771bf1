import Link from "@/components/ui/link";

export type PaginationProps = {
  /** what is counted: "systems", and one of it: "system" */
  noun: string;
  singular: string;
  page: number;
  pages: number;
  size: number;
  total: number;
  /** the list's address with its other query parameters; `page` is added */
  path: string;
  params: Record<string, string | undefined>;
};

/** "51–100 of 2,002 systems", with previous and next pages as plain links (they work without JavaScript). */
export function Pagination({ noun, singular, page, pages, size, total, path, params }: PaginationProps) {
  if (total === 0) return null;
  const href = (to: number) => {
    const query = new URLSearchParams(Object.entries({ ...params, page: to > 1 ? String(to) : undefined }).filter((entry): entry is [string, string] => !!entry[1]));
    const text = query.toString();
    return text ? `${path}?${text}` : path;
  };
  const first = (page - 1) * size + 1;
  const last = Math.min(page * size, total);
  const count = `${first.toLocaleString("en")}–${last.toLocaleString("en")} of ${total.toLocaleString("en")} ${noun}`;
  if (pages <= 1) return <p className="mt-3 text-sm text-slate-700">{total.toLocaleString("en")} {total === 1 ? singular : noun}</p>;
  const step = "rounded-md border border-slate-400 bg-white px-3 py-1.5 font-semibold hover:bg-slate-100";
  return (
    <nav aria-label={`Pages of ${noun}`} className="mt-3 flex flex-wrap items-center gap-3 text-sm">
      {page > 1 ? <Link href={href(page - 1)} rel="prev" className={step}>← Previous</Link> : null}
      <span className="text-slate-700">{count} · page {page} of {pages}</span>
      {page < pages ? <Link href={href(page + 1)} rel="next" className={step}>Next →</Link> : null}
    </nav>
  );
}
