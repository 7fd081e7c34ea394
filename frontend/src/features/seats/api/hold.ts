import { useMutation, useMutationState, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useToast } from "@/components/ui/toaster";
import { ApiError, errorMessage } from "@/lib/api-client";
import { api, type Hold, type Seat, type SeatMap } from "@/lib/api";
import { queryKeys } from "@/lib/query-keys";
import { setSeatStatus } from "@/lib/seat-map";

export function useHold(showId: number, enabled: boolean) {
  return useQuery({ queryKey: queryKeys.hold(showId), queryFn: () => api.hold(showId), enabled });
}

const holdMutationKey = (showId: number) => ["hold", "put", showId] as const;

/** The seats in `seats` that were listed in a conflict, as a readable list. */
function seatList(seats: string[]): string {
  return seats.join(", ");
}

/**
 * My seat selection on a show. Selecting replaces my hold on the server with the new set; while
 * that request runs the new set is shown at once, and requests run one after another in order.
 * A refused seat is reported with the server's message and left out.
 */
export function useSeatSelection(showId: number, signedIn: boolean) {
  const queryClient = useQueryClient();
  const notify = useToast();
  const hold = useHold(showId, signedIn);

  const put = useMutation({
    mutationKey: holdMutationKey(showId),
    scope: { id: `hold-${showId}` },
    mutationFn: (seats: string[]) => api.putHold(showId, seats),
    onSuccess: (next) => {
      const before = queryClient.getQueryData<Hold>(queryKeys.hold(showId))?.seats ?? [];
      queryClient.setQueryData<Hold>(queryKeys.hold(showId), next);
      // Mirror the change on the seat map now rather than waiting for the stream's echo.
      queryClient.setQueryData<SeatMap>(queryKeys.seatMap(showId), (map) => {
        if (!map) return map;
        const released = before.filter((s) => !next.seats.includes(s));
        return setSeatStatus(setSeatStatus(map, released, "available"), next.seats, "held");
      });
    },
    onError: (err) => {
      if (err instanceof ApiError && err.seats.length > 0 && (err.code === "seat_taken" || err.code === "seat_held")) {
        queryClient.setQueryData<SeatMap>(queryKeys.seatMap(showId), (map) =>
          map ? setSeatStatus(map, err.seats, err.code === "seat_taken" ? "reserved" : "held") : map,
        );
      }
      notify("error", errorMessage(err));
      void queryClient.invalidateQueries({ queryKey: queryKeys.hold(showId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.seatMap(showId) });
    },
  });

  const pending = useMutationState({
    filters: { mutationKey: holdMutationKey(showId), status: "pending" },
    select: (m) => m.state.variables as string[],
  });

  const selected: string[] = pending.length > 0 ? pending[pending.length - 1] : (hold.data?.seats ?? []);
  const expiresAt = pending.length > 0 ? null : (hold.data?.expiresAt ?? null);

  const setSeats = useCallback((seats: string[]) => put.mutate(seats), [put]);

  const toggle = useCallback(
    (seat: Seat) => {
      if (!signedIn) {
        notify("info", "Log in to choose seats.");
        return;
      }
      setSeats(selected.includes(seat.name) ? selected.filter((s) => s !== seat.name) : [...selected, seat.name]);
    },
    [notify, selected, setSeats, signedIn],
  );

  /**
   * Drops seats someone else just reserved from my selection and tells me so. Reads the caches
   * rather than this render's selection, because stream events arrive between renders.
   */
  const dropLost = useCallback(
    (lost: string[]) => {
      const pendingNow = queryClient.getMutationCache().findAll({ mutationKey: holdMutationKey(showId), status: "pending" });
      const current =
        pendingNow.length > 0
          ? (pendingNow[pendingNow.length - 1].state.variables as string[])
          : (queryClient.getQueryData<Hold>(queryKeys.hold(showId))?.seats ?? []);
      const mine = lost.filter((s) => current.includes(s));
      if (mine.length === 0) return;
      notify(
        "error",
        mine.length === 1
          ? `Seat ${mine[0]} was just reserved by someone else and was removed from your selection.`
          : `Seats ${seatList(mine)} were just reserved by someone else and were removed from your selection.`,
      );
      setSeats(current.filter((s) => !mine.includes(s)));
    },
    [notify, queryClient, setSeats, showId],
  );

  /** The hold ran out: the server released the seats. */
  const expired = useCallback(() => {
    if (selected.length > 0) notify("info", "Your hold expired and the seats were released. Pick them again to continue.");
    queryClient.setQueryData<Hold>(queryKeys.hold(showId), { showId, seats: [], expiresAt: null });
    void queryClient.invalidateQueries({ queryKey: queryKeys.hold(showId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.seatMap(showId) });
  }, [notify, queryClient, selected.length, showId]);

  return { hold, selected, expiresAt, toggle, setSeats, dropLost, expired, saving: pending.length > 0 };
}
