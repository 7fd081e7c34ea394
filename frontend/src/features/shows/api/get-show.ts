import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { Show } from "@/types/api";

export const getShow = (id: number) => apiClient.request<Show>("GET", `/api/shows/${id}`);

export const showQueryOptions = (id: number) =>
  queryOptions({ queryKey: queryKeys.show(id), queryFn: () => getShow(id), enabled: Number.isFinite(id) });

export function useShow(id: number) {
  return useQuery(showQueryOptions(id));
}
