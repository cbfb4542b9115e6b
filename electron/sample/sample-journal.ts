// The sample journal that ships with the app: users, bank accounts and shopping carts over six weeks.
// Generated from a fixed seed, so every build ships the same events and tests can count on them.
import type { Json, JournalEvent } from '../../shared/model.js';

/** mulberry32: a tiny seeded generator, enough for plausible sample data. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const START = Date.UTC(2026, 9, 1); // 2026-10-01
const DAYS = 42;
const HOUR = 3_600_000;

const FIRST_NAMES = ['Ada', 'Grace', 'Linus', 'Barbara', 'Edsger', 'Margaret', 'Alan', 'Frances', 'Ken', 'Radia'];
const LAST_NAMES = ['Lovelace', 'Hopper', 'Torvalds', 'Liskov', 'Dijkstra', 'Hamilton', 'Turing', 'Allen', 'Thompson', 'Perlman'];
const CITIES = ['Lisbon', 'Oslo', 'Nairobi', 'Osaka', 'Quito', 'Tallinn', 'Perth', 'Montreal'];
const PLANS = ['free', 'team', 'business'];
const PRODUCTS = [
  { sku: 'KB-01', name: 'Keyboard', price: 89 },
  { sku: 'MS-02', name: 'Mouse', price: 29 },
  { sku: 'MN-27', name: 'Monitor 27"', price: 329 },
  { sku: 'HS-05', name: 'Headset', price: 119 },
  { sku: 'CB-10', name: 'USB-C cable', price: 12 },
];

type Step = { type: string; data: Json };

interface Draft {
  stream: string;
  type: string;
  ms: number;
  data: Json;
}

export function generateSampleEvents(seed = 7): JournalEvent[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));

  /** A moment in working hours on a weekday, more often than at night or on weekends, so the chart has shape. */
  const busyMoment = (afterMs: number): number => {
    for (;;) {
      const ms = afterMs + random() * 3 * 24 * HOUR;
      const date = new Date(ms);
      const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
      const hour = date.getUTCHours();
      const weight = (weekend ? 0.25 : 1) * (hour >= 8 && hour < 19 ? 1 : 0.15);
      if (random() < weight) return Math.floor(ms);
    }
  };

  const drafts: Draft[] = [];
  const end = START + DAYS * 24 * HOUR;
  const lifeline = (stream: string, count: number, make: (index: number) => Step) => {
    let ms = START + random() * (DAYS - 14) * 24 * HOUR;
    for (let i = 0; i < count && ms < end; i++) {
      drafts.push({ stream, ms, ...make(i) });
      ms = busyMoment(ms);
    }
  };

  for (let u = 1; u <= 120; u++) {
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    lifeline(`user-${String(u).padStart(4, '0')}`, int(2, 9), (i): Step => {
      if (i === 0) {
        return {
          type: 'user_created',
          data: {
            name: `${first} ${last}`,
            email: `${first}.${last}${u}@example.com`.toLowerCase(),
            plan: 'free',
            address: { city: pick(CITIES), country: 'XX' },
            tags: ['new'],
          },
        };
      }
      const change = pick(['plan', 'city', 'phone', 'tags', 'email'] as const);
      const data: Record<string, Json> =
        change === 'plan' ? { plan: pick(PLANS) }
        : change === 'city' ? { address: { city: pick(CITIES) } }
        : change === 'phone' ? { phone: random() < 0.7 ? `+1-555-${int(1000, 9999)}` : null }
        : change === 'tags' ? { tags: random() < 0.5 ? ['active'] : ['active', 'beta'] }
        : { email: `${first}.${last}.${int(10, 99)}@example.org`.toLowerCase() };
      return { type: 'user_updated', data };
    });
  }

  for (let a = 1; a <= 90; a++) {
    let balance = 0;
    lifeline(`account-${String(a).padStart(4, '0')}`, int(4, 40), (i): Step => {
      if (i === 0) return { type: 'account_opened', data: { owner: `user-${String(int(1, 120)).padStart(4, '0')}`, currency: 'EUR', balance: 0 } };
      if (balance > 0 && random() < 0.4) {
        const amount = int(1, Math.min(balance, 500));
        balance -= amount;
        return { type: 'money_withdrawn', data: { amount, balance } };
      }
      const amount = int(10, 900);
      balance += amount;
      return { type: 'money_deposited', data: { amount, balance } };
    });
  }

  for (let c = 1; c <= 160; c++) {
    const items = new Map<string, number>();
    const total = int(2, 10);
    lifeline(`cart-${String(c).padStart(4, '0')}`, total, (i): Step => {
      if (i === 0) return { type: 'cart_created', data: { customer: `user-${String(int(1, 120)).padStart(4, '0')}`, items: {}, status: 'open' } };
      if (i === total - 1 && items.size > 0 && random() < 0.7) {
        const sum = [...items.entries()].reduce((acc, [sku, qty]) => acc + qty * PRODUCTS.find((p) => p.sku === sku)!.price, 0);
        return { type: 'checked_out', data: { status: 'checked_out', total: sum } };
      }
      const product = pick(PRODUCTS);
      if (items.has(product.sku) && random() < 0.4) {
        items.delete(product.sku);
        return { type: 'item_removed', data: { items: { [product.sku]: null } } };
      }
      const quantity = (items.get(product.sku) ?? 0) + 1;
      items.set(product.sku, quantity);
      return { type: 'item_added', data: { items: { [product.sku]: { name: product.name, price: product.price, quantity } } } };
    });
  }

  drafts.sort((x, y) => x.ms - y.ms);
  const versions = new Map<string, number>();
  return drafts.map((draft, index) => {
    const version = (versions.get(draft.stream) ?? 0) + 1;
    versions.set(draft.stream, version);
    return {
      position: index + 1,
      stream: draft.stream,
      version,
      type: draft.type,
      time: new Date(draft.ms).toISOString(),
      data: draft.data,
      metadata: { correlationId: `c-${(index * 7919) % 100000}`, source: draft.stream.split('-')[0]! },
    };
  });
}
