import { QueryClient } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { AppProvider } from "@/app/provider";
import { lineKeys, type LineStatus, type Ticket } from "../api/line";
import { WaitingRoom } from "./waiting-room";

function status(over: Partial<LineStatus>): LineStatus {
  return {
    showId: 1, waitingRoom: true, saleOpensAt: null, drawAt: null, drawn: true, admittedUpTo: 0, joined: 500,
    rate: 20, soldOut: false, paused: false, at: new Date().toISOString(), ...over,
  };
}

function renderRoom(ticket: Ticket, st: LineStatus) {
  // Nothing is fetched: the cached ticket and document are what the page shows.
  vi.stubGlobal("fetch", vi.fn(() => new Promise(() => {})));
  const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  client.setQueryData(lineKeys.ticket(1), ticket);
  client.setQueryData(lineKeys.status(1), st);
  render(
    <AppProvider queryClient={client}>
      <WaitingRoom showId={1} title="레미제라블" />
    </AppProvider>,
  );
}

const waiting: Ticket = { showId: 1, place: 120, drawAt: null, pass: null, ended: false, soldOut: false };

describe("WaitingRoom", () => {
  it("shows my place, the people ahead, the wait and the progress from the shared document", () => {
    renderRoom(waiting, status({ admittedUpTo: 19 }));
    expect(screen.getByTestId("line-place")).toHaveTextContent("120");
    expect(screen.getByTestId("line-ahead")).toHaveTextContent("내 앞에 100명");
    expect(screen.getByTestId("line-state")).toHaveTextContent("대기 순번 120번, 앞에 100명, 예상 대기 6초");
    expect(screen.getByRole("progressbar", { name: "대기 진행" })).toHaveAttribute("aria-valuenow", "19");
    expect(screen.getByTestId("line-live")).toHaveTextContent("대기 순번 120번");
  });

  it("says the line has paused, and that the place is kept, while its store is away", () => {
    renderRoom(waiting, status({ admittedUpTo: 19, paused: true }));
    expect(screen.getByTestId("line-state")).toHaveTextContent("순번은 그대로 유지됩니다");
  });

  it("tells everyone still waiting when the show sells out", () => {
    renderRoom(waiting, status({ admittedUpTo: 19, soldOut: true }));
    expect(screen.getByTestId("line-state")).toHaveTextContent("매진되었습니다");
    expect(screen.getByTestId("line-live")).toHaveTextContent("매진되었습니다");
  });

  it("offers to join again when my pass has ended", () => {
    renderRoom({ ...waiting, place: 3, ended: true }, status({ admittedUpTo: 40 }));
    expect(screen.getByRole("button", { name: "다시 줄 서기" })).toBeEnabled();
  });
});

describe("WaitingRoom before a place", () => {
  it("says the line has paused when it cannot take places yet", () => {
    vi.stubGlobal("fetch", vi.fn(() => new Promise(() => {})));
    const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
    client.setQueryData(lineKeys.status(1), status({ paused: true }));
    render(
      <AppProvider queryClient={client}>
        <WaitingRoom showId={1} title="레미제라블" />
      </AppProvider>,
    );
    expect(screen.getByRole("status")).toHaveTextContent("대기열이 잠시 멈췄습니다");
  });
});
