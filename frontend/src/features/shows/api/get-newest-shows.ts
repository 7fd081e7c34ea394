import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { ShowList } from "@/types/api";

/** The five shows added last, the same for everybody. */
export const getNewestShows = () => apiClient.request<ShowList>("GET", "/api/shows/newest");

export const newestShowsQueryOptions = () => queryOptions({ queryKey: queryKeys.newestShows, queryFn: getNewestShows });

export function useNewestShows() {
  return useQuery(newestShowsQueryOptions());
}
