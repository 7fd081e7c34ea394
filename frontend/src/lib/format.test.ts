import { describe, expect, it } from "vitest";
import { formatCountdown, formatDate, formatPrice, formatTimeRange } from "./format";

describe("format", () => {
  it("writes won with thousands separators", () => {
    expect(formatPrice(120000)).toBe("120,000원");
    expect(formatPrice(0)).toBe("0원");
  });

  it("writes the calendar day with its weekday, whatever the time zone", () => {
    expect(formatDate("2026-12-01")).toBe("2026.12.01 (Tue)");
    expect(formatDate("2027-01-03")).toBe("2027.01.03 (Sun)");
  });

  it("writes time ranges and countdowns", () => {
    expect(formatTimeRange("19:00", "21:30")).toBe("19:00 – 21:30");
    expect(formatCountdown(245)).toBe("4:05");
    expect(formatCountdown(-3)).toBe("0:00");
  });
});
