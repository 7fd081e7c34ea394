import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { aSeatMap } from "@/testing/fixtures";
import { BestSeatsForm } from "./best-seats";

describe("BestSeatsForm", () => {
  it("asks the server for N seats together in the chosen grade, grades listed with their prices", async () => {
    const seats = aSeatMap().seats.map((s) => ({ ...s, grade: s.row === "A" ? ("VIP" as const) : ("R" as const) }));
    const onFind = vi.fn();
    const user = userEvent.setup();
    render(<BestSeatsForm seats={seats} busy={false} onFind={onFind} />);
    await user.selectOptions(screen.getByLabelText("등급"), "VIP석 · 150,000원");
    await user.selectOptions(screen.getByLabelText("매수"), "3석");
    await user.click(screen.getByRole("button", { name: "붙은 좌석 찾기" }));
    expect(onFind).toHaveBeenCalledWith(3, "VIP");
  });

  it("asks for any grade in a hall without grades", async () => {
    const onFind = vi.fn();
    render(<BestSeatsForm seats={aSeatMap().seats} busy={false} onFind={onFind} />);
    expect(screen.queryByLabelText("등급")).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: "붙은 좌석 찾기" }));
    expect(onFind).toHaveBeenCalledWith(2, undefined);
  });
});
