import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { ApiError, apiClient } from "@/lib/api-client";
import { passHeaders } from "@/lib/line-pass";
import { mutationKeys, queryKeys } from "@/lib/query-keys";
import { setSeatStatus } from "@/lib/seat-map";
import type { Hold, SeatMap } from "@/types/api";

/** Replaces my hold with exactly these seats, all or nothing; [] releases it. */
export const putHold = (showId: number, seats: string[]) => apiClient.request<Hold>("PUT", `/api/shows/${showId}/hold`, { body: { seats }, headers: passHeaders(showId) });

/** Seat clicks and best-available run in one queue per show, one request after another in order. */
export const holdScope = (showId: number) => ({ id: `hold-${showId}` });

/** Puts a new hold in the caches, and mirrors it on the seat map now rather than waiting for the stream's echo. */
export function landHold(queryClient: QueryClient, showId: number, next: Hold) {
  const before = queryClient.getQueryData<Hold>(queryKeys.hold(showId))?.seats ?? [];
  queryClient.setQueryData<Hold>(queryKeys.hold(showId), next);
  queryClient.setQueryData<SeatMap>(queryKeys.seatMap(showId), (map) => {
    if (!map) return map;
    const released = before.filter((s) => !next.seats.includes(s));
    return setSeatStatus(setSeatStatus(map, released, "available"), next.seats, "held");
  });
}

/** Changes my hold. A refused seat is marked as the server says it is, and both caches reload. */
export function useUpdateHold(showId: number, { onError }: { onError?: (err: Error) => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: mutationKeys.putHold(showId),
    scope: holdScope(showId),
    mutationFn: (seats: string[]) => putHold(showId, seats),
    onSuccess: (next) => landHold(queryClient, showId, next),
    onError: (err) => {
      if (err instanceof ApiError && err.seats.length > 0 && (err.code === "seat_taken" || err.code === "seat_held" || err.code === "seat_locked")) {
        queryClient.setQueryData<SeatMap>(queryKeys.seatMap(showId), (map) =>
          map ? setSeatStatus(map, err.seats, err.code === "seat_taken" ? "reserved" : "held") : map,
        );
      }
      onError?.(err);
      void queryClient.invalidateQueries({ queryKey: queryKeys.hold(showId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.seatMap(showId) });
    },
  });
}
