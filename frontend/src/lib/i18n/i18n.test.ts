import { describe, expect, it } from "vitest";
import { en } from "./en";
import { ko } from "./ko";

/** Every key of a resource, with i18next's plural suffixes taken off. */
function keys(o: object, prefix = ""): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    typeof v === "object" && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k.replace(/_(one|other)$/, "")}`],
  );
}

describe("translations", () => {
  it("have the same keys in Korean and English", () => {
    expect([...new Set(keys(en))].sort()).toEqual([...new Set(keys(ko))].sort());
  });

  it("leave no text empty", () => {
    const empty = (o: object): boolean => Object.values(o).some((v) => (typeof v === "object" ? empty(v as object) : v === ""));
    expect(empty(ko)).toBe(false);
    expect(empty(en)).toBe(false);
  });
});
