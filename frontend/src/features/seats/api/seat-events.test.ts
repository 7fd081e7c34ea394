import { describe, expect, it } from "vitest";
import { aSeatMap } from "@/testing/fixtures";
import { applySeatEvent } from "./seat-events";

const status = (map: ReturnType<typeof aSeatMap>, name: string) => map.seats.find((s) => s.name === name)?.status;

describe("applySeatEvent", () => {
  it("greys out seats that others hold or reserve, and frees released and cancelled ones", () => {
    let map = aSeatMap({ B1: "reserved", B2: "held" });
    map = applySeatEvent(map, { type: "held", showId: 7, seats: ["A1"] });
    map = applySeatEvent(map, { type: "reserved", showId: 7, seats: ["A2", "A3"] });
    map = applySeatEvent(map, { type: "cancelled", showId: 7, seats: ["B1"] });
    map = applySeatEvent(map, { type: "released", showId: 7, seats: ["B2"] });

    expect(status(map, "A1")).toBe("held");
    expect(status(map, "A2")).toBe("reserved");
    expect(status(map, "A3")).toBe("reserved");
    expect(status(map, "B1")).toBe("available");
    expect(status(map, "B2")).toBe("available");
    expect(status(map, "A4")).toBe("available");
  });

  it("does not free a reserved seat when the hold it came from is released afterwards", () => {
    const map = applySeatEvent(aSeatMap({ A1: "reserved" }), { type: "released", showId: 7, seats: ["A1", "A2"] });
    expect(status(map, "A1")).toBe("reserved");
  });

  it("returns the same map when nothing changes, so nothing re-renders", () => {
    const map = aSeatMap({ A1: "held" });
    expect(applySeatEvent(map, { type: "held", showId: 7, seats: ["A1"] })).toBe(map);
    expect(applySeatEvent(map, { type: "layout", showId: 7, seats: [] })).toBe(map);
  });
});
