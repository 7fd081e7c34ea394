import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, type ShowSort } from "@/lib/api";
import { queryKeys } from "@/lib/query-keys";

export function useShows(p: { sort: ShowSort; page: number; pageSize: number; mine: boolean }) {
  return useQuery({ queryKey: queryKeys.showList(p), queryFn: () => api.shows(p), placeholderData: keepPreviousData });
}

export function usePopularShows() {
  return useQuery({ queryKey: queryKeys.popularShows, queryFn: api.popularShows });
}

export function useNewestShows() {
  return useQuery({ queryKey: queryKeys.newestShows, queryFn: api.newestShows });
}

export function useShow(id: number) {
  return useQuery({ queryKey: queryKeys.show(id), queryFn: () => api.show(id), enabled: Number.isFinite(id) });
}
