// One colour per event type, derived from its name so the chart, the table and the replay always agree.

/** FNV-1a: small, stable across runs and platforms. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export const OTHER_TYPES = 'other';

export function typeHue(type: string): number {
  return hash(type) % 360;
}

/** Mid lightness and saturation read on both the light and the dark theme. */
export function typeColor(type: string): string {
  if (type === OTHER_TYPES) return 'hsl(220 8% 58%)';
  return `hsl(${typeHue(type)} 62% 52%)`;
}
