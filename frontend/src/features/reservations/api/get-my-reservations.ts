import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { ReservationList } from "@/types/api";

/** My active reservations, newest first. */
export const getMyReservations = () => apiClient.request<ReservationList>("GET", "/api/me/reservations");

export const myReservationsQueryOptions = (enabled: boolean) =>
  queryOptions({ queryKey: queryKeys.myReservations, queryFn: getMyReservations, enabled });

export function useMyReservations(enabled: boolean) {
  return useQuery(myReservationsQueryOptions(enabled));
}
