import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect } from "react";
import { api } from "@/lib/api";
import { queryKeys } from "@/lib/query-keys";

export function useAuthConfig() {
  return useQuery({ queryKey: queryKeys.authConfig, queryFn: api.authConfig, staleTime: Infinity });
}

/** The signed-in user: undefined while loading, null when nobody is signed in. */
export function useUser() {
  // Refetched whenever the window regains focus: closing the sign-in popup focuses it again,
  // which catches a sign-in even when the popup could not message us.
  return useQuery({ queryKey: queryKeys.me, queryFn: api.me, staleTime: 5 * 60_000, refetchOnWindowFocus: "always" });
}

/** Everything shown depends on who is asking (e.g. myReservationId), so a new session refetches all. */
function useSessionChanged() {
  const queryClient = useQueryClient();
  return useCallback(() => queryClient.invalidateQueries(), [queryClient]);
}

export function useDevLogin() {
  const queryClient = useQueryClient();
  const sessionChanged = useSessionChanged();
  return useMutation({
    mutationFn: api.devLogin,
    onSuccess: ({ user }) => {
      queryClient.setQueryData(queryKeys.me, user);
      void sessionChanged();
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  const sessionChanged = useSessionChanged();
  return useMutation({
    mutationFn: api.logout,
    onSuccess: () => {
      queryClient.setQueryData(queryKeys.me, null);
      // What belonged to the signed-out user must not show for whoever comes next.
      queryClient.removeQueries({ queryKey: queryKeys.myReservations });
      queryClient.removeQueries({ queryKey: ["hold"] });
      void sessionChanged();
    },
  });
}

/** Origins allowed to tell us a sign-in finished: ours, and the API's when it lives elsewhere. */
function trustedOrigins(): string[] {
  const origins = [window.location.origin];
  try {
    origins.push(new URL(api.googleLoginUrl(), window.location.href).origin);
  } catch {
    // a relative base URL is our own origin
  }
  return origins;
}

export const LOGIN_CHANNEL = "podo-auth";

const isLoginMessage = (data: unknown) => (data as { type?: unknown } | null)?.type === "podo:login";

/**
 * Listens for the Google callback page, which tells its opener {type:"podo:login"} before it
 * closes, and then reloads the session. The same message on the "podo-auth" BroadcastChannel
 * counts too, for when the identity provider's pages have cut the popup off from its opener.
 */
export function useLoginMessages() {
  const sessionChanged = useSessionChanged();
  useEffect(() => {
    function onMessage(e: MessageEvent) {
      if (trustedOrigins().includes(e.origin) && isLoginMessage(e.data)) void sessionChanged();
    }
    window.addEventListener("message", onMessage);
    const channel = typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel(LOGIN_CHANNEL);
    channel?.addEventListener("message", (e) => {
      if (isLoginMessage(e.data)) void sessionChanged();
    });
    return () => {
      window.removeEventListener("message", onMessage);
      channel?.close();
    };
  }, [sessionChanged]);
}

/** Opens Google sign-in in a popup; false when the browser blocked it. */
export function openGoogleLogin(): boolean {
  const w = 480;
  const h = 640;
  const left = window.screenX + Math.max(0, (window.outerWidth - w) / 2);
  const top = window.screenY + Math.max(0, (window.outerHeight - h) / 2);
  const popup = window.open(api.googleLoginUrl(), "podo-login", `popup,width=${w},height=${h},left=${left},top=${top}`);
  return popup !== null;
}
