import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { Session } from "@/types/api";
import { useSessionChanged } from "./session-changed";

/** Development sign-in by name; the service offers it only when PODO_DEV_LOGIN is on. */
export const devLogin = (name: string) => apiClient.request<Session>("POST", "/api/auth/dev/login", { body: { name }, refresh: false });

export function useDevLogin() {
  const queryClient = useQueryClient();
  const sessionChanged = useSessionChanged();
  return useMutation({
    mutationFn: devLogin,
    onSuccess: ({ user }) => {
      queryClient.setQueryData(queryKeys.me, user);
      void sessionChanged();
    },
  });
}
