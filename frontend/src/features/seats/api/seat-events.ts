import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { apiClient } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import { setSeatStatus } from "@/lib/seat-map";
import type { SeatEvent, SeatMap, SeatStatus } from "@/types/api";

/** The show's Server-Sent Events: every change to its seats, as the seat map's cache applies it. */
const seatEventsUrl = (showId: number) => apiClient.url(`/api/shows/${showId}/events`);

const statusAfter: Record<Exclude<SeatEvent["type"], "layout">, SeatStatus> = {
  held: "held",
  released: "available",
  reserved: "reserved",
  cancelled: "available",
};

/**
 * The seat map after an event from the stream. A release never frees a seat that is reserved:
 * a hold's release may arrive after the reservation that consumed it.
 */
export function applySeatEvent(map: SeatMap, event: SeatEvent): SeatMap {
  if (event.type === "layout") return map;
  if (event.type === "released") {
    const reserved = new Set(map.seats.filter((s) => s.status === "reserved").map((s) => s.name));
    return setSeatStatus(map, event.seats.filter((s) => !reserved.has(s)), "available");
  }
  return setSeatStatus(map, event.seats, statusAfter[event.type]);
}

/**
 * Follows the show's event stream and keeps the cached seat map current, so other people's
 * holds and reservations appear without a reload. `onEvent` sees each event after the cache.
 */
export function useSeatEvents(showId: number, onEvent?: (event: SeatEvent) => void) {
  const queryClient = useQueryClient();
  const onEventRef = useRef(onEvent);
  onEventRef.current = onEvent;

  useEffect(() => {
    if (!Number.isFinite(showId) || typeof EventSource === "undefined") return;
    const key = queryKeys.seatMap(showId);
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let opened = false;

    const resync = () => {
      void queryClient.invalidateQueries({ queryKey: key });
      void queryClient.invalidateQueries({ queryKey: queryKeys.hold(showId) });
    };
    const connect = () => {
      const es = new EventSource(seatEventsUrl(showId), { withCredentials: true });
      source = es;
      es.addEventListener("open", () => {
        // After a dropped or refused connection, changes may have been missed.
        if (opened) resync();
        opened = true;
      });
      es.addEventListener("seats", (e) => {
        let event: SeatEvent;
        try {
          event = JSON.parse((e as MessageEvent<string>).data) as SeatEvent;
        } catch {
          return;
        }
        if (event.type === "layout") {
          resync();
        } else {
          queryClient.setQueryData<SeatMap>(key, (map) => (map ? applySeatEvent(map, event) : map));
        }
        if (event.type === "reserved" || event.type === "cancelled") {
          // Seat counts on the show lists changed; refetch them when they are next shown.
          void queryClient.invalidateQueries({ queryKey: queryKeys.shows, refetchType: "none" });
        }
        onEventRef.current?.(event);
      });
      es.addEventListener("resync", resync);
      // A stream the server refuses (too many from this address, or a full replica) is closed for
      // good by the browser. The seat map still loads; live updates are asked for again later.
      es.addEventListener("error", () => {
        if (es.readyState === EventSource.CLOSED) {
          opened = true;
          retry = setTimeout(connect, 30_000);
        }
      });
    };
    connect();
    return () => {
      clearTimeout(retry);
      source?.close();
    };
  }, [showId, queryClient]);
}
