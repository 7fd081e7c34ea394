import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useSeatEvents } from "./seat-events";

/** A stand-in for the browser's EventSource that the test opens, breaks and counts. */
class FakeEventSource extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static opened: FakeEventSource[] = [];
  readyState = FakeEventSource.CONNECTING;
  constructor(readonly url: string) {
    super();
    FakeEventSource.opened.push(this);
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
}

describe("useSeatEvents", () => {
  beforeEach(() => {
    FakeEventSource.opened = [];
    vi.stubGlobal("EventSource", FakeEventSource);
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={new QueryClient()}>{children}</QueryClientProvider>
  );

  it("asks for live updates again later when the server refuses the stream", () => {
    renderHook(() => useSeatEvents(7), { wrapper });
    expect(FakeEventSource.opened).toHaveLength(1);

    // A 429 or 503: the browser closes the stream for good.
    const refused = FakeEventSource.opened[0];
    refused.readyState = FakeEventSource.CLOSED;
    refused.dispatchEvent(new Event("error"));
    vi.advanceTimersByTime(30_000);

    expect(FakeEventSource.opened).toHaveLength(2);
  });

  it("leaves a dropped stream to the browser, which reconnects by itself", () => {
    renderHook(() => useSeatEvents(7), { wrapper });
    FakeEventSource.opened[0].dispatchEvent(new Event("error")); // still CONNECTING
    vi.advanceTimersByTime(60_000);
    expect(FakeEventSource.opened).toHaveLength(1);
  });
});
