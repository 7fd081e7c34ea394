import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { ShowPage, ShowSort } from "@/types/api";

type ShowsParams = { sort: ShowSort; page: number; pageSize: number; mine: boolean };

/** A page of all shows; with `mine`, only those the signed-in user has reserved. */
export function getShows(p: ShowsParams): Promise<ShowPage> {
  const q = new URLSearchParams({ sort: p.sort, page: String(p.page), pageSize: String(p.pageSize) });
  if (p.mine) q.set("mine", "true");
  return apiClient.request<ShowPage>("GET", `/api/shows?${q}`);
}

export const showsQueryOptions = (p: ShowsParams) =>
  queryOptions({ queryKey: queryKeys.showList(p), queryFn: () => getShows(p), placeholderData: keepPreviousData });

export function useShows(p: ShowsParams) {
  return useQuery(showsQueryOptions(p));
}
