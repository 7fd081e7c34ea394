import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";

/** Everything shown depends on who is asking (e.g. myReservationId), so a new session refetches all. */
export function useSessionChanged() {
  const queryClient = useQueryClient();
  return useCallback(() => queryClient.invalidateQueries(), [queryClient]);
}
