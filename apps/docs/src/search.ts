/** The search index (assets/search-index.json): one entry per operation, guide section, error code and release. */
import type { ErrorEntry } from './errors';
import type { Rendered } from './markdown';
import type { Operation } from './spec';

export interface SearchEntry {
  /** Title shown in the results. */
  title: string;
  /** Page path below the portal root, with an optional `#anchor`. */
  url: string;
  kind: 'Guide' | 'Reference' | 'Webhook' | 'Error' | 'Changelog';
  /** Plain text searched (and shown as a snippet). */
  text: string;
}

function plain(text: string): string {
  return text.replace(/[`*_]/g, '').replace(/\s+/g, ' ').trim();
}

export function searchEntries(input: {
  operations: Operation[];
  guides: { slug: string; title: string; rendered: Rendered }[];
  errors: ErrorEntry[];
  changelog: Rendered;
}): SearchEntry[] {
  const out: SearchEntry[] = [];
  for (const op of input.operations) {
    const fields = [
      ...op.parameters.map((p) => p.name),
      ...Object.keys((op.requestBody?.schema as { properties?: object } | undefined)?.properties ?? {}),
      ...op.responses.flatMap((r) => r.codes),
    ];
    out.push({
      title: `${op.summary} — ${op.kind === 'webhook' ? op.path : `${op.method} ${op.path}`}`,
      url: `reference/${op.operationId}`,
      kind: op.kind === 'webhook' ? 'Webhook' : 'Reference',
      text: plain(`${op.operationId} ${op.description} ${fields.join(' ')}`),
    });
  }
  for (const guide of input.guides) {
    for (const section of guide.rendered.sections) {
      out.push({
        title: section.id && section.heading !== guide.title ? `${guide.title} › ${section.heading}` : guide.title,
        url: `guides/${guide.slug}${section.id ? `#${section.id}` : ''}`,
        kind: 'Guide',
        text: section.text,
      });
    }
  }
  for (const error of input.errors) {
    out.push({
      title: `${error.code} (${error.status})`,
      url: `errors/${error.code}`,
      kind: 'Error',
      text: plain(`${error.meaning} ${error.fix}`),
    });
  }
  for (const section of input.changelog.sections) {
    out.push({
      title: section.heading && section.heading !== 'Changelog' ? `Changelog › ${section.heading}` : 'Changelog',
      url: `changelog${section.id ? `#${section.id}` : ''}`,
      kind: 'Changelog',
      text: section.text,
    });
  }
  return out;
}
