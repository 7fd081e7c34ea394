import { useMutationState, useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo } from "react";
import { useToast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/api-client";
import i18n from "@/lib/i18n";
import { mutationKeys, queryKeys } from "@/lib/query-keys";
import { seatLabels } from "@/lib/seat-name";
import type { Hold, Seat, SeatEvent, SeatGrade } from "@/types/api";
import { useFindBestSeats } from "../api/find-best-seats";
import { useHold } from "../api/get-hold";
import { useUpdateHold } from "../api/update-hold";

/**
 * My seat selection on a show. Selecting replaces my hold on the server with the new set; while
 * that request runs the new set is shown at once, and requests run one after another in order.
 * A refused seat is reported with the server's message and left out. What the user is told lives
 * here; the requests and their cache updates are in ../api.
 */
export function useSeatSelection(showId: number, signedIn: boolean) {
  const queryClient = useQueryClient();
  const notify = useToast();
  const hold = useHold(showId, signedIn);

  const put = useUpdateHold(showId, { onError: (err) => notify("error", errorMessage(err)) });
  const best = useFindBestSeats(showId, {
    onSuccess: (next) => notify("success", i18n.t("best.found", { seats: seatLabels(next.seats) })),
    onError: (err) => notify("error", errorMessage(err)),
  });

  const pending = useMutationState({
    filters: { mutationKey: mutationKeys.putHold(showId), status: "pending" },
    select: (m) => m.state.variables as string[],
  });

  const selected = useMemo<string[]>(
    () => (!signedIn ? [] : pending.length > 0 ? pending[pending.length - 1] : (hold.data?.seats ?? [])),
    [signedIn, pending, hold.data],
  );
  const expiresAt = !signedIn || pending.length > 0 ? null : (hold.data?.expiresAt ?? null);

  const setSeats = useCallback((seats: string[]) => put.mutate(seats), [put]);

  const toggle = useCallback(
    (seat: Seat) => {
      if (!signedIn) {
        notify("info", i18n.t("hold.loginFirst"));
        return;
      }
      setSeats(selected.includes(seat.name) ? selected.filter((s) => s !== seat.name) : [...selected, seat.name]);
    },
    [notify, selected, setSeats, signedIn],
  );

  /**
   * My selection as the caches hold it now. Stream events arrive between renders, so they are
   * judged against this rather than against the selection of the last render.
   */
  const currentSelection = useCallback((): { seats: string[]; changing: boolean } => {
    const pendingNow = queryClient.getMutationCache().findAll({ mutationKey: mutationKeys.putHold(showId), status: "pending" });
    if (pendingNow.length > 0) return { seats: pendingNow[pendingNow.length - 1].state.variables as string[], changing: true };
    return { seats: queryClient.getQueryData<Hold>(queryKeys.hold(showId))?.seats ?? [], changing: false };
  }, [queryClient, showId]);

  /** The hold ran out (my countdown reached zero, or the server released my seats). */
  const expired = useCallback(() => {
    if (currentSelection().seats.length > 0) {
      notify("info", i18n.t("hold.expired"));
    }
    queryClient.setQueryData<Hold>(queryKeys.hold(showId), { showId, seats: [], expiresAt: null });
    void queryClient.invalidateQueries({ queryKey: queryKeys.hold(showId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.seatMap(showId) });
  }, [currentSelection, notify, queryClient, showId]);

  /**
   * Reacts to a seat event that touches my selection. A release I did not ask for means my hold
   * ran out. A reservation that is not mine (`reserving` tells whether I am booking right now)
   * means someone took seats I had picked: I am told and they leave my selection.
   */
  const onSeatEvent = useCallback(
    (event: SeatEvent, reserving: boolean) => {
      const { seats: current, changing } = currentSelection();
      const mine = event.seats.filter((s) => current.includes(s));
      if (mine.length === 0) return;
      if (event.type === "released" && !changing) {
        expired();
      } else if (event.type === "reserved" && !reserving) {
        notify(
          "error",
          i18n.t(mine.length === 1 ? "hold.takenOne" : "hold.takenMany", { seats: seatLabels(mine) }),
        );
        setSeats(current.filter((s) => !mine.includes(s)));
      }
    },
    [currentSelection, expired, notify, setSeats],
  );

  const findBest = useCallback((count: number, grade?: SeatGrade) => best.mutate({ count, grade }), [best]);

  return { hold, selected, expiresAt, toggle, onSeatEvent, expired, findBest, finding: best.isPending, saving: pending.length > 0 };
}
