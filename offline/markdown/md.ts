/** Markdown building blocks shared by the reports (GitHub-flavoured Markdown). */

/** Text safe inside a table cell or a list item: pipes, backslashes and HTML-ish brackets escaped, one line. */
export function mdText(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\r?\n/g, " ");
}

/** Inline code; a value holding backticks gets a longer fence. */
export function mdCode(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text.replace(/\r?\n/g, " ")}${pad}${fence}`;
}

export function mdTable(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${head.join(" | ")} |`,
    `| ${head.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ];
}

/** A fenced block; the fence is longer than any backtick run inside. */
export function mdFence(lang: string, body: string): string[] {
  const longest = Math.max(2, ...(body.match(/`+/g) ?? []).map((m) => m.length));
  const fence = "`".repeat(longest + 1);
  return [`${fence}${lang}`, ...body.replace(/\n$/, "").split("\n"), fence];
}

/** A collapsed section (GitHub renders `<details>`). */
export function mdDetails(summary: string, body: readonly string[]): string[] {
  return ["<details>", `<summary>${mdText(summary)}</summary>`, "", ...body, "", "</details>"];
}
