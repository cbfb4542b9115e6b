// The JSON layouts Eventlens recognises, most specific first; the generic field-name layout is the last resort.
import { genericJson } from './generic-json.js';
import type { JsonLayout } from './types.js';

export const JSON_LAYOUTS: readonly JsonLayout[] = [genericJson];
