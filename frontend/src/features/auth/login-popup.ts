// Google sign-in runs in a popup; the callback page tells this window when it is done.
import { useEffect } from "react";
import { apiClient } from "@/lib/api-client";
import { useSessionChanged } from "./api/session-changed";

const googleLoginUrl = () => apiClient.url("/api/auth/google/login");

/** Origins allowed to tell us a sign-in finished: ours, and the API's when it lives elsewhere. */
function trustedOrigins(): string[] {
  const origins = [window.location.origin];
  try {
    origins.push(new URL(googleLoginUrl(), window.location.href).origin);
  } catch {
    // a relative base URL is our own origin
  }
  return origins;
}

const LOGIN_CHANNEL = "podo-auth";

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
  const popup = window.open(googleLoginUrl(), "podo-login", `popup,width=${w},height=${h},left=${left},top=${top}`);
  return popup !== null;
}
