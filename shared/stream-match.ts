// What the stream search matches, the same for the service's stream list and the window's own checks.

/** "order-*" or "order-?1" is a glob over the whole id; anything else is a substring; both ignore case. */
export function streamMatcher(filter: string | undefined): ((stream: string) => boolean) | null {
  const needle = filter?.trim().toLowerCase();
  if (!needle) return null;
  if (!/[*?]/.test(needle)) return (stream) => stream.toLowerCase().includes(needle);
  const pattern = new RegExp(`^${needle.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return (stream) => pattern.test(stream);
}
