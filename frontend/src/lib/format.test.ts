import { describe, expect, it } from "vitest";
import { bookingReference, formatCount, formatCountdown, formatDate, formatPrice, formatTimeRange, hasStarted, runningMinutes } from "./format";

describe("format", () => {
  it("writes won as Korean sites do, and in English's own form", () => {
    expect(formatPrice(120000, "ko")).toBe("120,000원");
    expect(formatPrice(0, "ko")).toBe("0원");
    expect(formatPrice(120000, "en")).toBe("₩120,000");
    expect(formatCount(1766)).toBe("1,766");
  });

  it("writes the calendar day with its weekday in each language, whatever the time zone", () => {
    expect(formatDate("2026-12-01", "ko")).toBe("2026.12.01 (화)");
    expect(formatDate("2027-01-03", "ko")).toBe("2027.01.03 (일)");
    expect(formatDate("2026-12-01", "en")).toBe("Tue, Dec 1, 2026");
  });

  it("writes time ranges, running times and countdowns", () => {
    expect(formatTimeRange("19:00", "21:30", "ko")).toBe("19:00 – 21:30");
    expect(formatTimeRange("12:00", "00:30", "en")).toBe("12:00 PM – 12:30 AM");
    expect(runningMinutes("19:00", "21:30")).toBe(150);
    expect(runningMinutes("19:00", "bad")).toBeNull();
    expect(formatCountdown(245)).toBe("4:05");
    expect(formatCountdown(-3)).toBe("0:00");
  });

  it("quotes a booking by a fixed-width reference", () => {
    expect(bookingReference(42)).toBe("PODO-000042");
  });

  it("tells a show has started by Korean time", () => {
    // 19:00 KST on 1 Dec is 10:00 UTC.
    expect(hasStarted("2026-12-01", "19:00", new Date("2026-12-01T09:59:00Z"))).toBe(false);
    expect(hasStarted("2026-12-01", "19:00", new Date("2026-12-01T10:00:00Z"))).toBe(true);
  });
});
