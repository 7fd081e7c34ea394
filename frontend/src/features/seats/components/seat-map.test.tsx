import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { aSeatMap } from "@/testing/fixtures";
import { SeatMap } from "./seat-map";

function renderMap(opts: { selected?: string[]; status?: Record<string, "held" | "reserved"> } = {}) {
  const onToggle = vi.fn();
  render(<SeatMap map={aSeatMap(opts.status)} selected={new Set(opts.selected ?? [])} onToggle={onToggle} label="Seats" />);
  return { onToggle, user: userEvent.setup() };
}

describe("SeatMap", () => {
  it("names every seat with its state and price, so colour is never the only signal", () => {
    renderMap({ selected: ["A2"], status: { A3: "reserved", A4: "held", A2: "held" } });

    expect(screen.getByRole("button", { name: "A1, available, 150,000원" })).toHaveAttribute("aria-pressed", "false");
    // My own hold is "held" for everybody else but selected for me.
    expect(screen.getByRole("button", { name: "A2, selected by you, 150,000원" })).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByRole("button", { name: "A3, reserved, 150,000원" })).toHaveAttribute("data-status", "reserved");
    expect(screen.getByRole("button", { name: "A4, held by someone else, 150,000원" })).toHaveAttribute("data-status", "held");
    expect(screen.getByRole("button", { name: "B1, available, 120,000원" })).toBeInTheDocument();
  });

  it("draws a different mark for reserved and held seats and shows the screen and row labels", () => {
    renderMap({ status: { A3: "reserved", A4: "held" } });

    const reserved = screen.getByRole("button", { name: /^A3,/ });
    const held = screen.getByRole("button", { name: /^A4,/ });
    expect(reserved.querySelector("svg")?.innerHTML).not.toEqual(held.querySelector("svg")?.innerHTML);
    expect(reserved.className).toMatch(/bg-slate/);
    expect(screen.getByRole("button", { name: /^A1,/ }).className).toMatch(/bg-emerald/);
    expect(screen.getByText("SCREEN")).toBeVisible();
    expect(screen.getAllByRole("rowheader").map((h) => h.textContent)).toEqual(["A", "B"]);
  });

  it("leaves an aisle where the layout has one", () => {
    renderMap();
    const rowA = screen.getAllByRole("row")[0];
    // Label, 2 seats, aisle, 2 seats, label.
    expect(rowA.children).toHaveLength(7);
    expect(rowA.children[3]).toHaveAttribute("aria-hidden", "true");
  });

  it("asks to toggle a seat on click and on Enter or Space", async () => {
    const { onToggle, user } = renderMap();

    await user.click(screen.getByRole("button", { name: /^A1,/ }));
    expect(onToggle).toHaveBeenLastCalledWith(expect.objectContaining({ name: "A1" }));

    screen.getByRole("button", { name: /^B4,/ }).focus();
    await user.keyboard("{Enter}");
    expect(onToggle).toHaveBeenLastCalledWith(expect.objectContaining({ name: "B4" }));
    await user.keyboard(" ");
    expect(onToggle).toHaveBeenCalledTimes(3);
  });

  it("is one Tab stop, moved around with the arrow keys across the aisle and rows", async () => {
    const { user } = renderMap();

    await user.tab();
    expect(screen.getByRole("button", { name: /^A1,/ })).toHaveFocus();
    expect(screen.getAllByRole("button").filter((b) => b.tabIndex === 0)).toHaveLength(1);

    await user.keyboard("{ArrowRight}{ArrowRight}");
    expect(screen.getByRole("button", { name: /^A3,/ })).toHaveFocus();
    await user.keyboard("{ArrowDown}");
    expect(screen.getByRole("button", { name: /^B3,/ })).toHaveFocus();
    await user.keyboard("{End}");
    expect(screen.getByRole("button", { name: /^B4,/ })).toHaveFocus();
    await user.keyboard("{ArrowUp}{Home}");
    expect(screen.getByRole("button", { name: /^A1,/ })).toHaveFocus();
    await user.keyboard("{ArrowLeft}{ArrowUp}");
    expect(screen.getByRole("button", { name: /^A1,/ })).toHaveFocus();

    await user.tab();
    expect(document.body).toHaveFocus();
  });
});
