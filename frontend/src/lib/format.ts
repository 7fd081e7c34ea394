// How Podo writes money, dates and times for people.

const won = new Intl.NumberFormat("ko-KR");

/** 120000 → "120,000원" */
export function formatPrice(krw: number): string {
  return `${won.format(krw)}원`;
}

const weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** "2026-12-01" → "2026.12.01 (Tue)"; the date is a calendar day, never shifted by time zone. */
export function formatDate(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  if (!y || !m || !d) return date;
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return `${y}.${String(m).padStart(2, "0")}.${String(d).padStart(2, "0")} (${weekdays[day]})`;
}

/** "19:00", "21:30" → "19:00 – 21:30" */
export function formatTimeRange(start: string, end: string): string {
  return `${start} – ${end}`;
}

/** Seconds left → "4:05" */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}
