import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError } from "@/lib/api-client";
import { api, type Hold, type Reservation, type SeatMap } from "@/lib/api";
import { queryKeys } from "@/lib/query-keys";
import { setSeatStatus } from "@/lib/seat-map";

export function useMyReservations(enabled: boolean) {
  return useQuery({ queryKey: queryKeys.myReservations, queryFn: api.myReservations, enabled });
}

export const reserveMutationKey = (showId: number) => ["reserve", showId] as const;

/** Books the seats; the caller passes one Idempotency-Key per attempt so a retry cannot book twice. */
export function useReserve(showId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: reserveMutationKey(showId),
    mutationFn: ({ seats, idempotencyKey }: { seats: string[]; idempotencyKey: string }) =>
      api.reserve(showId, seats, idempotencyKey),
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

export function useCancelReservation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.cancelReservation(id),
    onSuccess: (cancelled: Reservation) => {
      queryClient.setQueryData<{ items: Reservation[] }>(queryKeys.myReservations, (list) =>
        list ? { items: list.items.filter((r) => r.id !== cancelled.id) } : list,
      );
      queryClient.setQueryData<SeatMap>(queryKeys.seatMap(cancelled.showId), (map) => map && setSeatStatus(map, cancelled.seats, "available"));
      void queryClient.invalidateQueries({ queryKey: queryKeys.shows });
      void queryClient.invalidateQueries({ queryKey: queryKeys.myReservations });
    },
  });
}
