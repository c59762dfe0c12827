/**
 * CHANGELOG.md (Keep a Changelog): `# Changelog`, then `## Unreleased`, then one `## <version> — <date>` per release
 * (newest first), each with `### API`, `### SDK` and, for a major release, `### Migration`.
 */
export interface ChangelogSection {
  heading: string;
  /** Text under the heading, up to the next `## ` heading (trimmed). */
  body: string;
  subsections: Map<string, string>;
}

export interface Changelog {
  preamble: string;
  sections: ChangelogSection[];
}

export function parseChangelog(text: string): Changelog {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const sections: ChangelogSection[] = [];
  const preamble: string[] = [];
  let current: { heading: string; lines: string[] } | undefined;
  const finish = () => {
    if (current) sections.push(section(current.heading, current.lines.join('\n')));
  };
  for (const line of lines) {
    const match = /^## (?!#)(.*)$/.exec(line);
    if (match) {
      finish();
      current = { heading: (match[1] ?? '').trim(), lines: [] };
    } else if (current) current.lines.push(line);
    else preamble.push(line);
  }
  finish();
  return { preamble: preamble.join('\n').trim(), sections };
}

function section(heading: string, body: string): ChangelogSection {
  const subsections = new Map<string, string>();
  let name: string | undefined;
  let buffer: string[] = [];
  const flush = () => {
    if (name !== undefined) subsections.set(name, buffer.join('\n').trim());
  };
  for (const line of body.split('\n')) {
    const match = /^### (.*)$/.exec(line);
    if (match) {
      flush();
      name = (match[1] ?? '').trim();
      buffer = [];
    } else buffer.push(line);
  }
  flush();
  return { heading, body: body.trim(), subsections };
}

export function unreleasedSection(changelog: Changelog): ChangelogSection | undefined {
  return changelog.sections.find((s) => s.heading.toLowerCase() === 'unreleased');
}

/** Markdown text with HTML comments (template hints) removed. */
export function withoutComments(text: string): string {
  return text.replace(/<!--[\s\S]*?-->/g, '').trim();
}

/** The `- …` entries of a subsection, comments ignored. */
export function entriesOf(text: string | undefined): string[] {
  if (!text) return [];
  return withoutComments(text)
    .split('\n')
    .filter((line) => /^\s*[-*] \S/.test(line))
    .map((line) => line.replace(/^\s*[-*] /, '').trim());
}

export const UNRELEASED_TEMPLATE = `## Unreleased

### API

<!-- One line per change since the last release, naming the operationId or schema (\`pnpm spec:diff\` lists them). -->

### SDK

<!-- Changes to the solifyn package that are not API changes. Start a line with "Breaking:", "Added:" or "Fixed:". -->
`;

/** Replaces the Unreleased section with an empty one followed by the release's notes (a `## …` section). */
export function releaseChangelog(text: string, notes: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const index = lines.findIndex((line) => /^## Unreleased\s*$/i.test(line));
  if (index === -1) throw new Error('CHANGELOG.md has no "## Unreleased" section');
  const end = lines.findIndex((line, i) => i > index && /^## (?!#)/.test(line));
  const rest = end === -1 ? [] : lines.slice(end);
  const head = lines.slice(0, index).join('\n').trimEnd();
  return `${head}\n\n${UNRELEASED_TEMPLATE.trim()}\n\n${notes.trim()}\n${rest.length > 0 ? `\n${rest.join('\n').trimEnd()}\n` : ''}`;
}
