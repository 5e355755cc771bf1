import ReactMarkdown from "react-markdown";
import remarkGfm from "remark-gfm";

export type MarkdownProps = { children: string; className?: string };

/** Runbook text as Markdown. Raw HTML is never rendered: it is dropped. */
export function Markdown({ children, className = "" }: MarkdownProps) {
  if (!children.trim()) return null;
  return (
    <div className={`prose-runbook ${className}`}>
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        skipHtml
        components={{ a: ({ href, children: text }) => <a href={href} rel="noopener noreferrer">{text}</a> }}
      >
        {children}
      </ReactMarkdown>
    </div>
  );
}
