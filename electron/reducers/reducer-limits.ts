// The two limits a user reducer runs under, in one place: how they read when hit, and how memory is measured.
import { getHeapStatistics } from 'node:v8';

export function timeLimitMessage(stepTimeoutMs: number): string {
  return `The reducer took longer than ${stepTimeoutMs} ms on this event and was stopped.`;
}

export function memoryLimitMessage(memoryLimitMb: number): string {
  return `The reducer used more than ${memoryLimitMb} MB on this event and was stopped.`;
}

/**
 * Memory the calling thread holds: its JavaScript heap, plus the memory outside it (ArrayBuffers, typed arrays),
 * which the worker's resourceLimits do not count. Cheap enough to read before and after every call.
 */
export function bytesInUse(): number {
  const heap = getHeapStatistics();
  return heap.used_heap_size + heap.external_memory;
}
