import type { ComponentProps } from "react";

// The portal's tables: the native elements with the classes every list repeats.
// "compact" is the inline table inside other content (tight rows, no header band; every
// column but the last adds pr-3); "plain" adds nothing, for a part that sets its own
// look (the print sheet, the import's red list of problems).

type Variant = "default" | "compact" | "plain";
/** A compact table's frame and body are the default ones. */
type FrameVariant = Exclude<Variant, "compact">;

const tableClass: Record<FrameVariant, string> = { default: "w-full text-left text-sm", plain: "" };
const headerClass: Record<Variant, string> = {
  default: "bg-slate-100 text-xs uppercase tracking-wide text-slate-700",
  compact: "text-xs uppercase tracking-wide text-slate-700",
  plain: "",
};
const bodyClass: Record<FrameVariant, string> = { default: "divide-y divide-slate-200", plain: "" };
const cellClass: Record<Variant, string> = { default: "px-3 py-2", compact: "py-1", plain: "" };

/** The variant's classes and the caller's; no attribute at all when both are empty. */
function classes(base: string, extra = "") {
  return [base, extra].filter(Boolean).join(" ") || undefined;
}

export type TableProps = ComponentProps<"table"> & { variant?: FrameVariant };

export function Table({ variant = "default", className, ...props }: TableProps) {
  return <table className={classes(tableClass[variant], className)} {...props} />;
}

export type TableHeaderProps = ComponentProps<"thead"> & { variant?: Variant };

export function TableHeader({ variant = "default", className, ...props }: TableHeaderProps) {
  return <thead className={classes(headerClass[variant], className)} {...props} />;
}

export type TableBodyProps = ComponentProps<"tbody"> & { variant?: FrameVariant };

export function TableBody({ variant = "default", className, ...props }: TableBodyProps) {
  return <tbody className={classes(bodyClass[variant], className)} {...props} />;
}

export type TableRowProps = ComponentProps<"tr">;

export function TableRow(props: TableRowProps) {
  return <tr {...props} />;
}

/** A header cell; a column's unless `scope="row"` says it heads a row. */
export type TableHeadProps = ComponentProps<"th"> & { variant?: Variant };

export function TableHead({ variant = "default", scope = "col", className, ...props }: TableHeadProps) {
  return <th scope={scope} className={classes(cellClass[variant], className)} {...props} />;
}

export type TableCellProps = ComponentProps<"td"> & { variant?: Variant };

export function TableCell({ variant = "default", className, ...props }: TableCellProps) {
  return <td className={classes(cellClass[variant], className)} {...props} />;
}

export type TableCaptionProps = ComponentProps<"caption">;

export function TableCaption(props: TableCaptionProps) {
  return <caption {...props} />;
}
