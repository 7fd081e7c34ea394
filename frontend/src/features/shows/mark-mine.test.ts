import { describe, expect, it } from "vitest";
import { aShow } from "@/testing/fixtures";
import { markMine } from "./mark-mine";

describe("markMine", () => {
  it("marks the shows I booked and unmarks the rest, so every list agrees", () => {
    const shows = [aShow({ id: 1 }), aShow({ id: 2, myReservationId: 9 })];
    const r = { id: 5, showId: 1, show: aShow({ id: 1 }), seats: ["A1"], total: 1, status: "active" as const, createdAt: "" };
    expect(markMine(shows, [r]).map((s) => s.myReservationId)).toEqual([5, null]);
    expect(markMine(shows, undefined)).toBe(shows);
  });
});
