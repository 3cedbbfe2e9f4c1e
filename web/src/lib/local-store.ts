// Small typed values kept in localStorage, readable by React through
// useSyncExternalStore (and kept in step across tabs by the storage event).
import { useSyncExternalStore } from 'react';
import type { z } from 'zod';

export interface LocalValue<T> {
  get(): T;
  set(next: T): void;
  use(): T;
}

export function localValue<T>(key: string, schema: z.ZodType<T>, fallback: T): LocalValue<T> {
  const listeners = new Set<() => void>();
  let cachedRaw: string | null | undefined;
  let cached: T = fallback;

  const get = (): T => {
    const raw = localStorage.getItem(key);
    if (raw === cachedRaw) return cached;
    cachedRaw = raw;
    try {
      const parsed = schema.safeParse(raw === null ? undefined : JSON.parse(raw));
      cached = parsed.success ? parsed.data : fallback;
    } catch {
      cached = fallback;
    }
    return cached;
  };
  const set = (next: T) => {
    localStorage.setItem(key, JSON.stringify(next));
    for (const listener of listeners) listener();
  };
  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    const onStorage = (e: StorageEvent) => e.key === key && listener();
    window.addEventListener('storage', onStorage);
    return () => {
      listeners.delete(listener);
      window.removeEventListener('storage', onStorage);
    };
  };
  return { get, set, use: () => useSyncExternalStore(subscribe, get) };
}
