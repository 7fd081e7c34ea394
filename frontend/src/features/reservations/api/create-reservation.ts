import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ApiError, apiClient } from "@/lib/api-client";
import { passHeaders } from "@/lib/line-pass";
import { mutationKeys, queryKeys } from "@/lib/query-keys";
import { setSeatStatus } from "@/lib/seat-map";
import type { Hold, Reservation, SeatMap } from "@/types/api";

/** Books the seats as one reservation, all or nothing; a retry with the same key returns the first outcome. */
export const createReservation = (showId: number, seats: string[], idempotencyKey: string) =>
  apiClient.request<Reservation>("POST", `/api/shows/${showId}/reservations`, {
    body: { seats },
    headers: { "Idempotency-Key": idempotencyKey, ...passHeaders(showId) },
  });

/** Books the seats; the caller passes one Idempotency-Key per attempt so a retry cannot book twice. */
export function useCreateReservation(showId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: mutationKeys.reserve(showId),
    mutationFn: ({ seats, idempotencyKey }: { seats: string[]; idempotencyKey: string }) => createReservation(showId, seats, idempotencyKey),
    onSuccess: (reservation) => {
      // The hold became the reservation.
      queryClient.setQueryData<Hold>(queryKeys.hold(showId), { showId, seats: [], expiresAt: null });
      queryClient.setQueryData<SeatMap>(queryKeys.seatMap(showId), (map) => map && setSeatStatus(map, reservation.seats, "reserved"));
      void queryClient.invalidateQueries({ queryKey: queryKeys.shows });
      void queryClient.invalidateQueries({ queryKey: queryKeys.myReservations });
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 409) {
        void queryClient.invalidateQueries({ queryKey: queryKeys.seatMap(showId) });
        void queryClient.invalidateQueries({ queryKey: queryKeys.hold(showId) });
      }
    },
  });
}
