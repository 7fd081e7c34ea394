import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { ShowList } from "@/types/api";

/** The five most reserved shows, the same for everybody. */
export const getPopularShows = () => apiClient.request<ShowList>("GET", "/api/shows/popular");

export const popularShowsQueryOptions = () => queryOptions({ queryKey: queryKeys.popularShows, queryFn: getPopularShows });

export function usePopularShows() {
  return useQuery(popularShowsQueryOptions());
}
