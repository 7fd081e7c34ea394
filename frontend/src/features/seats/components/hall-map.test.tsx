import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import i18n from "@/lib/i18n";
import { aHallOfSections } from "@/testing/fixtures";
import { SeatMap } from "./seat-map";

function renderHall(opts: { selected?: string[]; status?: Record<string, "held" | "reserved"> } = {}) {
  const onToggle = vi.fn();
  const view = render(<SeatMap map={aHallOfSections(opts.status)} selected={new Set(opts.selected ?? [])} onToggle={onToggle} label="좌석" />);
  return { onToggle, view, user: userEvent.setup() };
}

describe("SeatMap of a big hall", () => {
  it("opens on an overview of the floors and their sections, with the seats left in each, and no seat buttons yet", () => {
    renderHall({ status: { "1F-B-1-1": "reserved", "1F-B-1-2": "held" } });
    const overview = screen.getByRole("group", { name: "공연장 전체 배치" });
    expect(within(overview).getByText("무대")).toBeVisible();
    const floor1 = within(overview).getByRole("group", { name: "1층" });
    expect(within(floor1).getAllByRole("button").map((b) => b.getAttribute("data-section"))).toEqual(["1F-A", "1F-B"]);
    expect(within(overview).getByRole("group", { name: "2층" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "1층 B구역, 잔여 6석 / 전체 8석" })).toHaveAttribute("aria-pressed", "false");
    expect(screen.getByRole("button", { name: "2층 A구역, 잔여 5석 / 전체 5석" })).toBeInTheDocument();
    expect(screen.queryByRole("grid")).toBeNull();
    expect(screen.queryAllByRole("button", { name: /예매 가능/ })).toHaveLength(0);
    expect(screen.getByText("구역을 고르면 좌석이 보입니다.")).toBeVisible();
  });

  it("draws each section's seats as dots: the grade's colour while free, grey once taken, purple when mine", () => {
    renderHall({ selected: ["1F-B-2-1"], status: { "1F-B-1-1": "reserved" } });
    const dots = screen.getByRole("button", { name: /^1층 B구역,/ }).querySelectorAll("rect");
    expect(dots).toHaveLength(8);
    const classes = Array.from(dots).map((d) => d.getAttribute("class"));
    expect(classes[0]).toBe("fill-slate-300");
    expect(classes[1]).toBe("fill-rose-700");
    expect(classes[4]).toBe("fill-purple-700");
  });

  it("zooms into the section I pick, naming each seat by floor, section, row and number, and goes back", async () => {
    const { onToggle, user } = renderHall();
    await user.click(screen.getByRole("button", { name: /^1층 B구역,/ }));
    expect(screen.getByRole("button", { name: /^1층 B구역,/ })).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByRole("heading", { name: "1층 B구역 좌석" })).toBeVisible();
    const grid = screen.getByRole("grid", { name: "좌석: 1층 B구역" });
    expect(within(grid).getAllByRole("button")).toHaveLength(8);
    expect(within(grid).getAllByRole("rowheader").map((h) => h.textContent)).toEqual(["1", "2"]);
    const seat = screen.getByRole("button", { name: "1층 B구역 1열 2번, VIP석, 예매 가능, 170,000원" });
    expect(seat).toHaveTextContent("2");
    await user.click(seat);
    expect(onToggle).toHaveBeenLastCalledWith(expect.objectContaining({ name: "1F-B-1-2" }));

    await user.click(screen.getByRole("button", { name: /^2층 A구역,/ }));
    expect(within(screen.getByRole("grid")).getAllByRole("button")).toHaveLength(5);
    await user.click(screen.getByRole("button", { name: "전체 배치로" }));
    expect(screen.queryByRole("grid")).toBeNull();
  });

  it("opens the section of a seat that joins my selection from elsewhere (best available, a kept hold)", () => {
    const map = aHallOfSections();
    const { rerender } = render(<SeatMap map={map} selected={new Set()} onToggle={vi.fn()} label="좌석" />);
    expect(screen.queryByRole("grid")).toBeNull();
    rerender(<SeatMap map={map} selected={new Set(["2F-A-1-2", "2F-A-1-3"])} onToggle={vi.fn()} label="좌석" />);
    expect(screen.getByRole("grid", { name: "좌석: 2층 A구역" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "2층 A구역 1열 3번, S석, 선택함, 110,000원" })).toHaveAttribute("aria-pressed", "true");
  });

  it("is one Tab stop inside a section, moved with the arrow keys", async () => {
    const { user } = renderHall();
    await user.click(screen.getByRole("button", { name: /^1층 A구역,/ }));
    const grid = screen.getByRole("grid");
    expect(Array.from(grid.querySelectorAll("button")).filter((b) => b.tabIndex === 0)).toHaveLength(1);
    screen.getByRole("button", { name: /^1층 A구역 1열 1번,/ }).focus();
    await user.keyboard("{ArrowRight}{ArrowDown}");
    expect(screen.getByRole("button", { name: /^1층 A구역 2열 2번,/ })).toHaveFocus();
  });

  it("speaks English after a switch", async () => {
    const { user } = renderHall();
    await act(() => i18n.changeLanguage("en"));
    expect(screen.getByRole("group", { name: "The whole hall" })).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Floor 1, section B, 8 left / 8 in all" }));
    expect(screen.getByRole("button", { name: "Floor 1, section B, row 1, seat 1, VIP seat, available, ₩170,000" })).toBeInTheDocument();
  });
});
