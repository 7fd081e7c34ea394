import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import i18n from "@/lib/i18n";
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

    expect(screen.getByRole("button", { name: "A1, 예매 가능, 150,000원" })).toHaveAttribute("aria-pressed", "false");
    // My own hold is "held" for everybody else but selected for me.
    expect(screen.getByRole("button", { name: "A2, 선택함, 150,000원" })).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByRole("button", { name: "A3, 예매 완료, 150,000원" })).toHaveAttribute("data-status", "reserved");
    expect(screen.getByRole("button", { name: "A4, 다른 사람이 선택 중, 150,000원" })).toHaveAttribute("data-status", "held");
    expect(screen.getByRole("button", { name: "B1, 예매 가능, 120,000원" })).toBeInTheDocument();
  });

  it("draws a different mark for reserved and held seats and shows the screen and row labels", () => {
    renderMap({ status: { A3: "reserved", A4: "held" } });

    const reserved = screen.getByRole("button", { name: /^A3,/ });
    const held = screen.getByRole("button", { name: /^A4,/ });
    expect(reserved.querySelector("svg")?.innerHTML).not.toEqual(held.querySelector("svg")?.innerHTML);
    expect(reserved.className).toMatch(/bg-slate/);
    // AA contrast: the old emerald-500 and slate-400 (2.5:1 and 2.6:1 against white) are gone.
    expect(screen.getByRole("button", { name: /^A1,/ }).className).toMatch(/bg-emerald-700/);
    expect(reserved.className).toMatch(/bg-slate-500/);
    expect(screen.getByText("무대")).toBeVisible();
    expect(screen.getAllByRole("rowheader").map((h) => h.textContent)).toEqual(["A", "B"]);
  });

  it("leaves an aisle where the layout has one", () => {
    renderMap();
    const rowA = screen.getAllByRole("row")[0];
    // Label, 2 seats, aisle, 2 seats.
    expect(rowA.children).toHaveLength(6);
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

    await user.tab(); // the zoom buttons come first
    await user.tab();
    expect(screen.getByRole("button", { name: /^A1,/ })).toHaveFocus();
    const grid = screen.getByRole("grid");
    expect(Array.from(grid.querySelectorAll("button")).filter((b) => b.tabIndex === 0)).toHaveLength(1);

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

  it("names seats in English after a switch, grade included", async () => {
    const map = aSeatMap();
    map.seats = map.seats.map((s) => ({ ...s, grade: s.row === "A" ? ("VIP" as const) : ("R" as const) }));
    render(<SeatMap map={map} selected={new Set()} onToggle={vi.fn()} label="Seats" />);
    await act(() => i18n.changeLanguage("en"));
    expect(screen.getByRole("button", { name: "A1, VIP seat, available, ₩150,000" })).toHaveAttribute("data-grade", "VIP");
    expect(screen.getByText("STAGE")).toBeVisible();
  });

  it("colours each grade differently while the seat is free, and grey once sold", () => {
    const map = aSeatMap({ B2: "reserved" });
    map.seats = map.seats.map((s) => ({ ...s, grade: s.row === "A" ? ("VIP" as const) : ("S" as const) }));
    render(<SeatMap map={map} selected={new Set()} onToggle={vi.fn()} label="Seats" />);
    expect(screen.getByRole("button", { name: /^A1,/ }).className).toMatch(/bg-rose-700/);
    expect(screen.getByRole("button", { name: /^B1,/ }).className).toMatch(/bg-sky-700/);
    expect(screen.getByRole("button", { name: /^B2,/ }).className).toMatch(/bg-slate-500/);
  });

  it("zooms in and back to the whole hall", async () => {
    const { user } = renderMap();
    const viewport = screen.getByTestId("seat-map-viewport");
    expect(viewport.style.getPropertyValue("--seat")).toMatch(/\* 1\)$/);
    await user.click(screen.getByRole("button", { name: "확대" }));
    expect(viewport.style.getPropertyValue("--seat")).toMatch(/\* 1.5\)$/);
    await user.click(screen.getByRole("button", { name: "전체 보기" }));
    expect(viewport.style.getPropertyValue("--seat")).toMatch(/\* 1\)$/);
  });

  it("centres a row narrower than the hall, and Down goes to the seat drawn below", async () => {
    const seat = (row: string, n: number) => ({ name: `${row}${n}`, row, number: n, column: n, price: 1000, status: "available" as const });
    const map = { showId: 7, rows: ["A", "B"], columns: 4, seats: [1, 2, 3, 4].map((n) => seat("A", n)).concat([1, 2].map((n) => seat("B", n))) };
    render(<SeatMap map={map} selected={new Set()} onToggle={vi.fn()} label="Seats" />);
    const rowB = screen.getAllByRole("row")[1];
    // Label, one empty column, B1, B2, one empty column.
    expect(Array.from(rowB.children).map((c) => c.querySelector("button")?.dataset.seat ?? (c.getAttribute("role") === "rowheader" ? "label" : "-"))).toEqual(["label", "-", "B1", "B2", "-"]);
    screen.getByRole("button", { name: /^A2,/ }).focus();
    await userEvent.keyboard("{ArrowDown}");
    expect(screen.getByRole("button", { name: /^B1,/ })).toHaveFocus();
  });
});
