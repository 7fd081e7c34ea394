import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { SeatMap } from "@/types/api";

/** A show's seat map, the same for everybody; my own hold comes from get-hold. */
export const getSeatMap = (showId: number) => apiClient.request<SeatMap>("GET", `/api/shows/${showId}/seats`);

/**
 * The live seat map. After a failed fetch it keeps the last good map (TanStack Query keeps
 * `data` beside the error) and tries again every few seconds until the server answers.
 */
export const seatMapQueryOptions = (showId: number) =>
  queryOptions({
    queryKey: queryKeys.seatMap(showId),
    queryFn: () => getSeatMap(showId),
    refetchInterval: (q) => (q.state.status === "error" ? 3000 : false),
  });

export function useSeatMap(showId: number) {
  return useQuery(seatMapQueryOptions(showId));
}
