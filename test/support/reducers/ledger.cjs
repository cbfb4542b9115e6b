// The same reducer as CommonJS with a default-style object.
module.exports = {
  init: () => ({ balance: 0 }),
  apply(state, event) {
    return { ...state, balance: state.balance + (event.data.amount ?? 0) };
  },
};
