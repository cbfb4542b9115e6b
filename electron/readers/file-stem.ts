// The name a file gives the one stream it holds when its records name none.

/** "order-42.json.gz" → "order-42": users name exported histories after their aggregate or workflow. */
export function fileStem(file: string): string {
  const name = file.replace(/\.gz$/i, '');
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}
