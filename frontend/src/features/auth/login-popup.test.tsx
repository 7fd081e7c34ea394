import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it } from "vitest";
import { queryKeys } from "@/lib/query-keys";
import { useLoginMessages } from "./login-popup";

function Listener() {
  useLoginMessages();
  return null;
}

function setUp() {
  const queryClient = new QueryClient();
  queryClient.setQueryData(queryKeys.me, null);
  const wrap = (ui: ReactNode) => <QueryClientProvider client={queryClient}>{ui}</QueryClientProvider>;
  render(wrap(<Listener />));
  return () => queryClient.getQueryState(queryKeys.me)?.isInvalidated;
}

describe("the Google sign-in popup's message", () => {
  it("reloads the session when our own callback page says the login finished", () => {
    const invalidated = setUp();
    window.dispatchEvent(new MessageEvent("message", { data: { type: "podo:login" }, origin: window.location.origin }));
    expect(invalidated()).toBe(true);
  });

  it("is ignored from any other origin or with any other content", () => {
    const invalidated = setUp();
    window.dispatchEvent(new MessageEvent("message", { data: { type: "podo:login" }, origin: "https://evil.example" }));
    window.dispatchEvent(new MessageEvent("message", { data: { type: "other" }, origin: window.location.origin }));
    window.dispatchEvent(new MessageEvent("message", { data: "podo:login", origin: window.location.origin }));
    expect(invalidated()).toBe(false);
  });
});

describe("the sign-in broadcast", () => {
  it("reloads the session when the callback page announces the login on the podo-auth channel", async () => {
    const invalidated = setUp();
    const channel = new BroadcastChannel("podo-auth");
    channel.postMessage({ type: "podo:login" });
    await waitFor(() => expect(invalidated()).toBe(true));
    channel.close();
  });
});
