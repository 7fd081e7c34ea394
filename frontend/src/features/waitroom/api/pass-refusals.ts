import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { ApiError } from "@/lib/api-client";
import { setPass } from "@/lib/line-pass";
import { lineKeys } from "./line";

/** Codes with which a hold or booking refuses my pass: it is of no more use, and the line shows again. */
export const passRefusals = ["pass_required", "pass_invalid", "pass_mismatch", "pass_expired", "pass_ended"];

/** Drops the show's pass, and my cached ticket, when any hold or booking refuses it. */
export function usePassRefusals(showId: number) {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      queryClient.getMutationCache().subscribe((event) => {
        const err = event.type === "updated" ? event.mutation.state.error : null;
        if (err instanceof ApiError && passRefusals.includes(err.code)) {
          setPass(showId, null);
          void queryClient.invalidateQueries({ queryKey: lineKeys.ticket(showId) });
        }
      }),
    [queryClient, showId],
  );
}
