// What a waiting tab works out for itself from the shared line document and its own ticket.

export type Progress = {
  /** People ahead of me still waiting. */
  ahead: number;
  /** Seconds until my turn at the line's pace; null when it cannot be said. */
  etaSeconds: number | null;
  /** My place has been let through. */
  admitted: boolean;
};

export function lineProgress(place: number, admittedUpTo: number, rate: number): Progress {
  if (place <= 0) return { ahead: 0, etaSeconds: null, admitted: false };
  const admitted = admittedUpTo >= place;
  const ahead = Math.max(0, place - admittedUpTo - 1);
  const etaSeconds = admitted ? 0 : rate > 0 ? Math.ceil((ahead + 1) / rate) : null;
  return { ahead, etaSeconds, admitted };
}

/** A wait in words' parts: under a minute in seconds, else whole minutes (rounded up). */
export function waitParts(seconds: number): { unit: "seconds" | "minutes"; count: number } {
  return seconds < 60 ? { unit: "seconds", count: Math.max(1, seconds) } : { unit: "minutes", count: Math.ceil(seconds / 60) };
}
