// The show's waiting line: the shared document every waiting tab polls once a second (cached by
// the CDN for a second, so a line of any length costs the service the same), and my own ticket,
// asked for only when it can have changed: on arrival, after the draw, and when my place is let in.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, apiClient, createApiClient } from "@/lib/api-client";
import { setPass } from "@/lib/line-pass";
import { queryKeys } from "@/lib/query-keys";
import type { LineStatus, Ticket } from "@/types/api";

export type { LineStatus, Ticket } from "@/types/api";

/** The line's cache keys, from the one list of keys. */
export const lineKeys = queryKeys.line;

/**
 * The line document is fetched from the site's own origin, whose CDN answers it from a second-old
 * copy (infra/site); everything else goes to the API's host.
 */
const siteClient = createApiClient("");

export const lineApi = {
  status: (showId: number) => siteClient.request<LineStatus>("GET", `/api/shows/${showId}/line`, { refresh: false }),
  join: (showId: number, again = false) =>
    apiClient.request<Ticket>("POST", `/api/shows/${showId}/line`, again ? { body: { again: true } } : {}),
};

/** The line document, polled each second while I wait. */
export function useLineStatus(showId: number, enabled: boolean) {
  return useQuery({
    queryKey: lineKeys.status(showId),
    queryFn: () => lineApi.status(showId),
    enabled,
    refetchInterval: 1000,
    refetchIntervalInBackground: true,
    retry: false,
  });
}

function keepPass(showId: number, t: Ticket) {
  if (t.pass) setPass(showId, t.pass);
  return t;
}

/** My ticket: asked once, and again by refresh() when the line document says it changed. */
export function useTicket(showId: number, enabled: boolean) {
  return useQuery({
    queryKey: lineKeys.ticket(showId),
    queryFn: async () => keepPass(showId, await lineApi.join(showId)),
    enabled,
    staleTime: Infinity,
    // While the line cannot take places (Redis away, 503), keep asking: nobody loses a place.
    retry: (count, err) => (err instanceof ApiError && err.code === "unavailable") || count < 2,
    retryDelay: 3000,
  });
}

/** Joins the back of the line again after my pass ended. */
export function useJoinAgain(showId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => lineApi.join(showId, true),
    onSuccess: (t) => queryClient.setQueryData(lineKeys.ticket(showId), keepPass(showId, t)),
  });
}
