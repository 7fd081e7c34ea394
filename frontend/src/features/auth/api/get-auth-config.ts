import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { AuthConfig } from "@/types/api";

/** Which ways to sign in the service offers; it does not change while the app runs. */
export const getAuthConfig = () => apiClient.request<AuthConfig>("GET", "/api/auth/config", { refresh: false });

export const authConfigQueryOptions = () => queryOptions({ queryKey: queryKeys.authConfig, queryFn: getAuthConfig, staleTime: Infinity });

export function useAuthConfig() {
  return useQuery(authConfigQueryOptions());
}
