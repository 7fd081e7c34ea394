// How Podo writes money, dates and times for people, in the language in use: Korean as Korean
// ticketing sites do ("120,000원", "2026.12.01 (화)", "19:00"), English in English's own form
// ("₩120,000", "Tue, Dec 1, 2026", "7:00 PM"). Components that call these also call
// useTranslation(), so that a change of language draws them again.
import { currentLanguage, type Language } from "./i18n";

const won: Record<Language, Intl.NumberFormat> = {
  ko: new Intl.NumberFormat("ko-KR"),
  en: new Intl.NumberFormat("en-US", { style: "currency", currency: "KRW" }),
};

/** 120000 → "120,000원" (ko) or "₩120,000" (en) */
export function formatPrice(krw: number, lng: Language = currentLanguage()): string {
  return lng === "ko" ? `${won.ko.format(krw)}원` : won.en.format(krw);
}

const counts = new Intl.NumberFormat("en-US");

/** 1766 → "1,766", as both languages write counts. */
export function formatCount(n: number): string {
  return counts.format(n);
}

const weekday: Record<Language, Intl.DateTimeFormat> = {
  ko: new Intl.DateTimeFormat("ko-KR", { weekday: "short", timeZone: "UTC" }),
  en: new Intl.DateTimeFormat("en-US", { weekday: "short", month: "short", day: "numeric", year: "numeric", timeZone: "UTC" }),
};

/**
 * "2026-12-01" → "2026.12.01 (화)" (ko) or "Tue, Dec 1, 2026" (en). The date is a calendar
 * day, never shifted by time zone.
 */
export function formatDate(date: string, lng: Language = currentLanguage()): string {
  const [y, m, d] = date.split("-").map(Number);
  if (!y || !m || !d) return date;
  const day = new Date(Date.UTC(y, m - 1, d));
  if (lng === "en") return weekday.en.format(day);
  return `${y}.${String(m).padStart(2, "0")}.${String(d).padStart(2, "0")} (${weekday.ko.format(day)})`;
}

/** "19:30" → "19:30" (ko) or "7:30 PM" (en) */
export function formatTime(time: string, lng: Language = currentLanguage()): string {
  const [h, m] = time.split(":").map(Number);
  if (lng === "ko" || h === undefined || m === undefined || Number.isNaN(h) || Number.isNaN(m)) return time;
  const suffix = h < 12 ? "AM" : "PM";
  return `${h % 12 === 0 ? 12 : h % 12}:${String(m).padStart(2, "0")} ${suffix}`;
}

/** "19:00", "21:30" → "19:00 – 21:30" (ko) or "7:00 PM – 9:30 PM" (en) */
export function formatTimeRange(start: string, end: string, lng: Language = currentLanguage()): string {
  return `${formatTime(start, lng)} – ${formatTime(end, lng)}`;
}

/** Minutes between two "HH:MM" times of one day; null when they do not parse. */
export function runningMinutes(start: string, end: string): number | null {
  const toMin = (t: string) => {
    const [h, m] = t.split(":").map(Number);
    return h === undefined || m === undefined || Number.isNaN(h) || Number.isNaN(m) ? NaN : h * 60 + m;
  };
  const d = toMin(end) - toMin(start);
  return Number.isFinite(d) && d > 0 ? d : null;
}

/** Seconds left → "4:05" */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** A reservation's id as people quote it: 42 → "PODO-000042". */
export function bookingReference(id: number): string {
  return `PODO-${String(id).padStart(6, "0")}`;
}

/**
 * Whether a show has started, by the clock of Korea, where every show plays (dates and times
 * are local to the venue). The server refuses bookings then too; this only says so sooner.
 */
export function hasStarted(date: string, startTime: string, now: Date = new Date()): boolean {
  const [y, mo, d] = date.split("-").map(Number);
  const [h, mi] = startTime.split(":").map(Number);
  if (!y || !mo || !d || h === undefined || mi === undefined) return false;
  const startUtc = Date.UTC(y, mo - 1, d, h - 9, mi); // KST is UTC+9 all year
  return now.getTime() >= startUtc;
}
