import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import { setSeatStatus } from "@/lib/seat-map";
import type { Reservation, ReservationList, SeatMap } from "@/types/api";

/** Cancels my reservation; its seats go back on sale. */
export const cancelReservation = (id: number) => apiClient.request<Reservation>("DELETE", `/api/reservations/${id}`);

export function useCancelReservation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => cancelReservation(id),
    onSuccess: (cancelled: Reservation) => {
      queryClient.setQueryData<ReservationList>(queryKeys.myReservations, (list) =>
        list ? { items: list.items.filter((r) => r.id !== cancelled.id) } : list,
      );
      queryClient.setQueryData<SeatMap>(queryKeys.seatMap(cancelled.showId), (map) => map && setSeatStatus(map, cancelled.seats, "available"));
      void queryClient.invalidateQueries({ queryKey: queryKeys.shows });
      void queryClient.invalidateQueries({ queryKey: queryKeys.myReservations });
    },
  });
}
