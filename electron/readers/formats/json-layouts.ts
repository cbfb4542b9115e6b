// The JSON layouts Eventlens recognises, most specific first; the generic field-name layout is the last resort.
import { genericJson } from './generic-json.js';
import { axon } from './json/axon.js';
import { cloudEvents } from './json/cloudevents.js';
import { commanded } from './json/commanded.js';
import { eventSourcingDb } from './json/eventsourcingdb.js';
import { eventStoreAtom } from './json/eventstoredb-atom.js';
import { marten } from './json/marten.js';
import { messageDb } from './json/message-db.js';
import { railsEventStoreJson } from './json/rails-event-store.js';
import { temporalHistory } from './json/temporal-history.js';
import type { JsonLayout } from './types.js';

export const JSON_LAYOUTS: readonly JsonLayout[] = [
  eventSourcingDb,
  cloudEvents,
  eventStoreAtom,
  temporalHistory,
  railsEventStoreJson,
  marten,
  messageDb,
  commanded,
  axon,
  genericJson,
];
