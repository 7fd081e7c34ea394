import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { ApiError, errorMessage } from "@/lib/api-client";
import { hasStarted } from "@/lib/format";
import { newIdempotencyKey } from "@/lib/idempotency-key";
import { mutationKeys } from "@/lib/query-keys";
import type { Reservation, Show } from "@/types/api";
import { useCreateReservation } from "../api/create-reservation";

/**
 * Booking the seats I chose on a show: whether I may (the show has not started, I have not
 * booked it already), the "are you sure?" step, and the attempt's Idempotency-Key. One key is
 * made per attempt; a refusal ends the attempt, while a lost connection keeps the key so that
 * trying again cannot book twice.
 */
export function useBooking(showId: number, show: Show | undefined) {
  const queryClient = useQueryClient();
  const reserve = useCreateReservation(showId);
  const [attemptKey, setAttemptKey] = useState<string | null>(null);
  const [complete, setComplete] = useState<Reservation | null>(null);

  const alreadyBooked = show?.myReservationId != null;
  const ended = show ? hasStarted(show.date, show.startTime) : false;

  /** Opens the confirmation for a new attempt. */
  function start() {
    reserve.reset();
    setAttemptKey(newIdempotencyKey());
  }

  function confirm(seats: string[]) {
    if (!attemptKey) return;
    reserve.mutate(
      { seats, idempotencyKey: attemptKey },
      {
        onSuccess: (r) => {
          setAttemptKey(null);
          setComplete(r);
        },
        onError: (err) => {
          if (err instanceof ApiError) setAttemptKey(newIdempotencyKey());
        },
      },
    );
  }

  /** Whether my booking request is on its way: a "reserved" event for my seats is then my own booking arriving. */
  const reserving = useCallback(() => queryClient.isMutating({ mutationKey: mutationKeys.reserve(showId) }) > 0, [queryClient, showId]);

  return {
    ended,
    alreadyBooked,
    start,
    confirm,
    reserving,
    confirming: attemptKey !== null,
    closeConfirm: () => setAttemptKey(null),
    busy: reserve.isPending,
    error: reserve.isError ? errorMessage(reserve.error) : undefined,
    complete,
    closeComplete: () => setComplete(null),
  };
}

export type Booking = ReturnType<typeof useBooking>;
