import { describe, expect, it } from "vitest";
import { lineProgress, waitParts } from "./progress";

describe("lineProgress", () => {
  it("counts the people ahead and the wait at the line's pace", () => {
    expect(lineProgress(120, 19, 20)).toEqual({ ahead: 100, etaSeconds: 6, admitted: false });
  });
  it("is admitted once the line reaches my place", () => {
    expect(lineProgress(20, 20, 20)).toEqual({ ahead: 0, etaSeconds: 0, admitted: true });
  });
  it("says nothing before the draw gives me a place", () => {
    expect(lineProgress(0, 0, 20)).toEqual({ ahead: 0, etaSeconds: null, admitted: false });
  });
});

describe("waitParts", () => {
  it("speaks in seconds under a minute and whole minutes above", () => {
    expect(waitParts(42)).toEqual({ unit: "seconds", count: 42 });
    expect(waitParts(61)).toEqual({ unit: "minutes", count: 2 });
  });
});
