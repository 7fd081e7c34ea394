import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import { useSessionChanged } from "./session-changed";

export const logout = () => apiClient.request<void>("POST", "/api/auth/logout", { refresh: false });

export function useLogout() {
  const queryClient = useQueryClient();
  const sessionChanged = useSessionChanged();
  return useMutation({
    mutationFn: logout,
    onSuccess: () => {
      queryClient.setQueryData(queryKeys.me, null);
      // What belonged to the signed-out user must not show for whoever comes next.
      queryClient.removeQueries({ queryKey: queryKeys.myReservations });
      queryClient.removeQueries({ queryKey: queryKeys.holds });
      void sessionChanged();
    },
  });
}
