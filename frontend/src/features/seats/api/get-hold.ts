import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { Hold } from "@/types/api";

/** My hold on a show (no seats when I hold none). */
export const getHold = (showId: number) => apiClient.request<Hold>("GET", `/api/shows/${showId}/hold`);

export const holdQueryOptions = (showId: number, enabled: boolean) =>
  queryOptions({ queryKey: queryKeys.hold(showId), queryFn: () => getHold(showId), enabled });

export function useHold(showId: number, enabled: boolean) {
  return useQuery(holdQueryOptions(showId, enabled));
}
