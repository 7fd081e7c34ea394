import { describe, expect, it } from "vitest";
import i18n from "@/lib/i18n";
import { parseSeatName, seatLabel, seatLabels, sectionOf } from "./seat-name";

describe("seat names", () => {
  it("read a big hall's seat as floor, section, row and number, and leave a small hall's as it is", () => {
    expect(parseSeatName("1F-B-7-12")).toEqual({ floor: 1, section: "B", row: "7", number: 12 });
    expect(parseSeatName("3F-OP-AA-60")).toEqual({ floor: 3, section: "OP", row: "AA", number: 60 });
    expect(parseSeatName("A12")).toBeNull();
    expect(parseSeatName("1F-B-7")).toBeNull();
    expect(sectionOf("2F-C-10-3")).toBe("2F-C");
    expect(sectionOf("A1")).toBeNull();
  });

  it("say the seat as a Korean box office does, and in English after a switch", async () => {
    expect(seatLabel("1F-B-7-12")).toBe("1층 B구역 7열 12번");
    expect(seatLabels(["A1", "2F-A-1-3"])).toBe("A1, 2층 A구역 1열 3번");
    await i18n.changeLanguage("en");
    expect(seatLabel("1F-B-7-12")).toBe("Floor 1, section B, row 7, seat 12");
  });
});
