/** The guides (Markdown in apps/docs/guides/), in reading order. Each file's first `# ` heading is its title. */
export const guideSlugs = [
  'quickstart',
  'hosted-checkout',
  'webhooks',
  'testing',
  'idempotency',
  'errors',
  'pagination',
  'versioning',
] as const;
