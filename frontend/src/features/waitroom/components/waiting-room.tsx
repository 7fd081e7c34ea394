import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "@/components/ui/button";
import { ErrorMessage, Loading } from "@/components/ui/status";
import { errorMessage } from "@/lib/api-client";
import { useJoinAgain, useLineStatus, useTicket } from "../api/line";
import { lineProgress, waitParts } from "../api/progress";
import { clock, useNow } from "./use-now";

type Kind = "soldOut" | "paused" | "ended" | "admitted" | "beforeDraw" | "standing";

/** Tabs ask for their drawn place within this long after the draw. */
const DRAW_SPREAD_MS = 8000;

/** How often the live region speaks while nothing else changes: each second would drown a screen reader. */
const ANNOUNCE_EVERY_MS = 15000;

/**
 * The show's waiting room: my place, the people ahead, the wait, a progress bar. It polls the
 * shared line document and asks for my ticket again only when the document says it changed;
 * when my place is let through the ticket carries the pass and the page moves on to the seats.
 */
export function WaitingRoom({ showId, title }: { showId: number; title: string }) {
  const { t } = useTranslation();
  const now = useNow();
  const ticket = useTicket(showId, true);
  const status = useLineStatus(showId, true);
  const again = useJoinAgain(showId);
  const tk = ticket.data;
  const st = status.data;
  const place = tk?.place ?? 0;
  const admittedUpTo = st?.admittedUpTo ?? 0;
  const pace = useObservedPace(admittedUpTo, st?.rate ?? 0, now);
  const progress = lineProgress(place, admittedUpTo, pace);

  // Ask for my ticket again when the draw has given me a place (each tab after its own pause of up
  // to 8 s, so the whole line does not ask in the same second), or when my place is let through.
  const { refetch, isFetching } = ticket;
  const [drawPause] = useState(() => Math.random() * DRAW_SPREAD_MS);
  const open = Boolean(tk && st && !tk.pass && !tk.ended && !tk.soldOut);
  const drawnNow = open && place === 0 && Boolean(st?.drawn);
  const admittedNow = open && progress.admitted;
  useEffect(() => {
    if (isFetching || !(drawnNow || admittedNow)) return;
    const timer = window.setTimeout(() => void refetch(), drawnNow ? drawPause : 0);
    return () => window.clearTimeout(timer);
  }, [drawnNow, admittedNow, isFetching, refetch, drawPause, admittedUpTo]);

  const kind: Kind =
    st?.soldOut || tk?.soldOut ? "soldOut" : st?.paused ? "paused" : tk?.ended ? "ended" : progress.admitted ? "admitted" : place === 0 ? "beforeDraw" : "standing";
  const w = progress.etaSeconds === null ? null : waitParts(progress.etaSeconds);
  const sentence =
    kind === "standing"
      ? t("waitroom.standing", {
          place: place.toLocaleString(),
          ahead: progress.ahead.toLocaleString(),
          wait: w ? t(`waitroom.wait_${w.unit}`, { count: w.count }) : t("waitroom.waitUnknown"),
        })
      : t(`waitroom.${kind}`);

  // The live region: at once when the state changes, otherwise every 15 s.
  const [announced, setAnnounced] = useState("");
  const last = useRef({ at: 0, kind: "" });
  useEffect(() => {
    const at = Date.now();
    if (kind !== last.current.kind || at - last.current.at >= ANNOUNCE_EVERY_MS) {
      last.current = { at, kind };
      setAnnounced(sentence);
    }
  }, [sentence, kind]);

  if (!tk && st?.paused)
    return (
      <p role="status" data-testid="line-state" className="mx-auto max-w-xl rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 font-semibold text-amber-900">
        {t("waitroom.paused")}
      </p>
    );
  if (ticket.isPending) return <Loading label={t("waitroom.joining")} />;
  if (ticket.isError && !tk) return <ErrorMessage message={errorMessage(ticket.error)} onRetry={() => void ticket.refetch()} />;

  const drawIn = tk?.drawAt ? Math.ceil((Date.parse(tk.drawAt) - now) / 1000) : 0;
  return (
    <section aria-labelledby="waitroom-title" data-testid="waiting-room" className="mx-auto max-w-xl space-y-5 rounded-2xl border border-slate-200 bg-white p-6 text-center">
      <h2 id="waitroom-title" className="text-xl font-bold text-slate-900">
        {t("waitroom.title", { title })}
      </h2>
      {place > 0 && !tk?.ended && (
        <div>
          <p className="text-sm text-slate-600">{t("waitroom.myPlace")}</p>
          <p data-testid="line-place" className="font-mono text-4xl font-bold tabular-nums text-purple-800">
            {place.toLocaleString()}
          </p>
          {!progress.admitted && (
            <p data-testid="line-ahead" className="mt-1 text-slate-700">
              {t("waitroom.ahead", { count: progress.ahead, n: progress.ahead.toLocaleString() })}
            </p>
          )}
        </div>
      )}
      {place > 0 && (
        <div
          role="progressbar"
          aria-label={t("waitroom.progress")}
          aria-valuemin={0}
          aria-valuemax={place}
          aria-valuenow={Math.min(admittedUpTo, place)}
          aria-valuetext={t("waitroom.progressText", { admitted: Math.min(admittedUpTo, place).toLocaleString(), place: place.toLocaleString() })}
          className="h-3 w-full overflow-hidden rounded-full bg-slate-200"
        >
          <div className="h-full rounded-full bg-purple-600 transition-[width] duration-700" style={{ width: `${(100 * Math.min(admittedUpTo, place)) / place}%` }} />
        </div>
      )}
      {place === 0 && drawIn > 0 && (
        <p className="text-slate-700">
          {t("waitroom.drawIn")}{" "}
          <time className="font-mono font-semibold tabular-nums">{clock(drawIn)}</time>
        </p>
      )}
      <p data-testid="line-state" className={`font-semibold ${kind === "paused" || kind === "soldOut" ? "text-amber-800" : "text-slate-800"}`}>
        {sentence}
      </p>
      {tk?.ended && !st?.soldOut && (
        <Button busy={again.isPending} onClick={() => again.mutate()}>
          {t("waitroom.joinAgain")}
        </Button>
      )}
      {again.isError && <ErrorMessage message={errorMessage(again.error)} />}
      <p className="text-sm text-slate-500">{t("waitroom.keepPlace")}</p>
      <p aria-live="polite" className="sr-only" data-testid="line-live">
        {announced}
      </p>
    </section>
  );
}

/**
 * The pace the line really moves at: the configured rate until this tab has watched it for half a
 * minute, then what it saw (lower when every slot is taken by shoppers still choosing).
 */
function useObservedPace(admittedUpTo: number, rate: number, now: number): number {
  const [first, setFirst] = useState<{ at: number; admitted: number } | null>(null);
  useEffect(() => {
    if (first === null && admittedUpTo > 0) setFirst({ at: Date.now(), admitted: admittedUpTo });
  }, [first, admittedUpTo]);
  if (!first || now - first.at < 30_000) return rate;
  return Math.min(rate, ((admittedUpTo - first.admitted) * 1000) / (now - first.at));
}
