import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { passHeaders } from "@/lib/line-pass";
import { mutationKeys, queryKeys } from "@/lib/query-keys";
import type { Hold, SeatGrade } from "@/types/api";
import { holdScope, landHold } from "./update-hold";

/** Best available: the server picks `count` adjacent free seats of `grade` and holds them in place of my hold. */
export const findBestSeats = (showId: number, count: number, grade?: SeatGrade) =>
  apiClient.request<Hold>("POST", `/api/shows/${showId}/hold/best`, { body: grade ? { grade, count } : { count }, headers: passHeaders(showId) });

/** Best available, in the same queue as seat clicks, landing in the caches the same way. */
export function useFindBestSeats(showId: number, { onSuccess, onError }: { onSuccess?: (hold: Hold) => void; onError?: (err: Error) => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: mutationKeys.bestSeats(showId),
    scope: holdScope(showId),
    mutationFn: ({ count, grade }: { count: number; grade?: SeatGrade }) => findBestSeats(showId, count, grade),
    onSuccess: (next) => {
      landHold(queryClient, showId, next);
      onSuccess?.(next);
    },
    onError: (err) => {
      onError?.(err);
      void queryClient.invalidateQueries({ queryKey: queryKeys.seatMap(showId) });
    },
  });
}
