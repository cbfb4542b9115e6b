// Code run inside the reducer's context (see reducer-prelude.ts): memory outside the JavaScript heap (ArrayBuffers and
// typed arrays) is not counted by the worker's resourceLimits, so every way the reducer's code can take such memory is
// charged against the call's budget, before the memory is taken where its size is known first (constructors, transfer)
// and right after where only the intrinsic knows it (slice, map, filter, toSorted...: never more than a buffer already
// charged). Buffers are marked when charged, so one that reaches a method twice is counted once. Sizes are read once
// and handed to the intrinsic as plain numbers, so a valueOf cannot answer one size to the count and another to it.
// Growable SharedArrayBuffers, Atomics and WebAssembly memories are removed from the context instead.
export const GUARD_BUFFERS = `
  function guardBuffers(global, charge) {
    var apply = Reflect.apply, construct = Reflect.construct, defineProperty = Object.defineProperty,
      propertyOf = Object.getOwnPropertyDescriptor, ownKeys = Reflect.ownKeys, getPrototypeOf = Object.getPrototypeOf,
      setPrototypeOf = Object.setPrototypeOf, arrayFrom = Array.from, ArrayIntrinsic = Array, TypeErr = TypeError;
    var marked = new WeakSet(), isMarked = WeakSet.prototype.has, addMark = WeakSet.prototype.add;
    var BufferIntrinsic = ArrayBuffer, bufferProto = ArrayBuffer.prototype, typedProto = getPrototypeOf(Int8Array.prototype);
    var bufferLength = propertyOf(bufferProto, 'byteLength').get, typedLength = propertyOf(typedProto, 'length').get;
    var typedBuffer = propertyOf(typedProto, 'buffer').get;

    function mark(value) { apply(addMark, marked, [value]); return value; }
    function isBuffer(value) { try { apply(bufferLength, value, []); return true; } catch (notBuffer) { return false; } }
    function isTyped(value) { try { apply(typedLength, value, []); return true; } catch (notTyped) { return false; } }

    // What an intrinsic returned: charged unless it is no buffer, or is (or views) a buffer already charged.
    function chargeResult(result) {
      if (result === null || typeof result !== 'object' || apply(isMarked, marked, [result])) return result;
      var buffer = isBuffer(result) ? result : isTyped(result) ? apply(typedBuffer, result, []) : null;
      if (buffer === null) return result;
      if (!apply(isMarked, marked, [buffer])) charge(apply(bufferLength, buffer, []));
      mark(buffer);
      return mark(result);
    }

    // The instance takes the prototype its caller asked for (a subclass), read here once, not by the intrinsic.
    function create(Intrinsic, args, newTarget, Guard) {
      var prototype = newTarget === Guard ? null : newTarget.prototype;
      var made = construct(Intrinsic, args);
      if (prototype !== null && (typeof prototype === 'object' || typeof prototype === 'function')) setPrototypeOf(made, prototype);
      return mark(made);
    }

    // The guard stands wherever the intrinsic was reachable: the global, its prototype's constructor, its statics.
    function replace(name, Intrinsic, Guard) {
      var keys = ownKeys(Intrinsic);
      for (var i = 0; i < keys.length; i++) {
        var key = keys[i];
        if (key === 'prototype') continue;
        var property = propertyOf(Intrinsic, key);
        if (key !== 'length' && key !== 'name' && typeof property.value === 'function') property.value = afterwards(property.value);
        defineProperty(Guard, key, property);
      }
      defineProperty(Guard, 'prototype', { value: Intrinsic.prototype, writable: false });
      setPrototypeOf(Guard, getPrototypeOf(Intrinsic));
      defineProperty(Intrinsic.prototype, 'constructor', { value: Guard });
      global[name] = Guard;
    }

    function afterwards(method) {
      var guarded = { method() { return chargeResult(apply(method, this, arguments)); } }.method;
      defineProperty(guarded, 'name', { value: method.name });
      defineProperty(guarded, 'length', { value: method.length });
      return guarded;
    }

    function guardMethod(object, key, sized) {
      var method = object[key];
      if (typeof method !== 'function') return;
      var guarded = sized ? { method(length) {
        var size = length === undefined ? apply(bufferLength, this, []) : +length;
        charge(size);
        return mark(apply(method, this, [size]));
      } }.method : afterwards(method);
      defineProperty(guarded, 'name', { value: key });
      defineProperty(guarded, 'length', { value: method.length });
      defineProperty(object, key, { value: guarded });
    }

    // A resizable buffer is charged its largest size when it is made, so resize() needs no guard.
    function ArrayBufferGuard(length) {
      if (new.target === undefined) throw new TypeErr("Constructor ArrayBuffer requires 'new'");
      var size = +length, options = arguments[1], args = [size], bytes = size;
      if (options !== null && typeof options === 'object') {
        var most = options.maxByteLength;
        if (most !== undefined) {
          most = +most;
          args = [size, { maxByteLength: most }];
          if (most > bytes) bytes = most;
        }
      }
      charge(bytes);
      return create(BufferIntrinsic, args, new.target, ArrayBufferGuard);
    }
    replace('ArrayBuffer', BufferIntrinsic, ArrayBufferGuard);
    guardMethod(bufferProto, 'slice', false);
    guardMethod(bufferProto, 'transfer', true);
    guardMethod(bufferProto, 'transferToFixedLength', true);

    function guardTyped(name) {
      var Intrinsic = global[name];
      if (typeof Intrinsic !== 'function') return;
      var size = Intrinsic.BYTES_PER_ELEMENT;
      var Guard = function (first, offset, length) {
        if (new.target === undefined) throw new TypeErr('Constructor ' + name + " requires 'new'");
        var args;
        if (first === null || (typeof first !== 'object' && typeof first !== 'function')) {
          var count = +first;
          charge(count * size);
          args = [count];
        } else if (isBuffer(first)) {
          args = [first, offset, length];
        } else if (isTyped(first)) {
          charge(apply(typedLength, first, []) * size);
          args = [first];
        } else {
          // Iterated or read by length once, here; the intrinsic gets a plain list it cannot be lied to about.
          var values = apply(arrayFrom, ArrayIntrinsic, [first]);
          setPrototypeOf(values, null);
          charge(values.length * size);
          args = [values];
        }
        return create(Intrinsic, args, new.target, Guard);
      };
      replace(name, Intrinsic, Guard);
    }
    var names = ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
      'Float16Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array'];
    for (var n = 0; n < names.length; n++) guardTyped(names[n]);
    var copies = ['slice', 'map', 'filter', 'toReversed', 'toSorted', 'with'];
    for (var c = 0; c < copies.length; c++) guardMethod(typedProto, copies[c], false);
  }
`;
