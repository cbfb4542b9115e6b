// A user's reducer as ESM: named exports, mutating the state in place.
export function init() {
  return { balance: 0, entries: [] };
}

export function apply(state, event) {
  if (event.type === 'broken') throw new Error(`cannot post ${event.data.reason}`);
  state.balance += event.data.amount ?? 0;
  state.entries.push(event.version);
  return state;
}
