import { queryOptions, useQuery } from "@tanstack/react-query";
import { ApiError, apiClient } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { User } from "@/types/api";

/** The signed-in user, or null when nobody is. */
export async function getUser(): Promise<User | null> {
  try {
    return await apiClient.request<User>("GET", "/api/auth/me");
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

// Refetched whenever the window regains focus: closing the sign-in popup focuses it again,
// which catches a sign-in even when the popup could not message us.
export const userQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.me, queryFn: getUser, staleTime: 5 * 60_000, refetchOnWindowFocus: "always" });

/** The signed-in user: undefined while loading, null when nobody is signed in. */
export function useUser() {
  return useQuery(userQueryOptions());
}
