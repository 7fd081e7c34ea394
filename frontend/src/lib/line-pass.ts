// The waiting-room passes this tab holds, one per show, kept in sessionStorage so that a refresh
// keeps it (the server keeps the place itself). Holds and bookings send a show's pass in the
// Podo-Pass header; the waitroom feature stores and clears them.
import { useSyncExternalStore } from "react";

export const PASS_HEADER = "Podo-Pass";

export type LinePass = { token: string; expiresAt: string };

const listeners = new Set<() => void>();
const key = (showId: number) => `podo.pass.${showId}`;

function read(showId: number): string | null {
  try {
    return sessionStorage.getItem(key(showId));
  } catch {
    return null;
  }
}

/** The live pass for a show, or null. */
export function getPass(showId: number): LinePass | null {
  const raw = read(showId);
  if (!raw) return null;
  try {
    const p = JSON.parse(raw) as LinePass;
    return Date.parse(p.expiresAt) > Date.now() ? p : null;
  } catch {
    return null;
  }
}

export function setPass(showId: number, pass: LinePass | null) {
  try {
    if (pass) sessionStorage.setItem(key(showId), JSON.stringify(pass));
    else sessionStorage.removeItem(key(showId));
  } catch {
    // Storage refused (private mode): the pass lives only as long as the page.
  }
  listeners.forEach((l) => l());
}

/** The headers a hold or booking of the show carries. */
export function passHeaders(showId: number): Record<string, string> {
  const p = getPass(showId);
  return p ? { [PASS_HEADER]: p.token } : {};
}

/** The show's pass, re-read whenever one is stored or cleared. */
export function usePass(showId: number): LinePass | null {
  const raw = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => read(showId),
    () => null,
  );
  return raw ? getPass(showId) : null;
}
