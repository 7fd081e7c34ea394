import type { UseQueryResult } from "@tanstack/react-query";
import { useMemo, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { EmptyState, ErrorMessage } from "@/components/ui/status";
import { useUser } from "@/features/auth/api/get-user";
import { CancelReservationDialog, type CancelTarget } from "@/features/reservations/components/cancel-reservation-dialog";
import { useMyReservations } from "@/features/reservations/api/get-my-reservations";
import { useNewestShows } from "@/features/shows/api/get-newest-shows";
import { usePopularShows } from "@/features/shows/api/get-popular-shows";
import { useShows } from "@/features/shows/api/get-shows";
import { Pagination } from "@/features/shows/components/pagination";
import { ShowGrid, ShowGridSkeleton } from "@/features/shows/components/show-grid";
import { SortBar } from "@/features/shows/components/sort-bar";
import { markMine as markMineIn } from "@/features/shows/mark-mine";
import { errorMessage } from "@/lib/api-client";
import type { Show, ShowSort } from "@/types/api";
import { PAGE_HEADING_ID, usePageTitle } from "@/lib/page";

const PAGE_SIZE = 10;
const SHELF_SIZE = 5;
const sorts: ShowSort[] = ["popular", "latest", "date"];

export function HomePage() {
  const { t } = useTranslation();
  usePageTitle(t("home.title"));
  const user = useUser();
  const signedIn = Boolean(user.data);
  const [params, setParams] = useSearchParams();
  const sort = sorts.find((s) => s === params.get("sort")) ?? "popular";
  const page = Math.max(1, Number(params.get("page")) || 1);
  const mine = signedIn && params.get("mine") === "true";
  const [cancelTarget, setCancelTarget] = useState<CancelTarget | null>(null);

  const popular = usePopularShows();
  const newest = useNewestShows();
  const list = useShows({ sort, page, pageSize: PAGE_SIZE, mine });
  // My reservations, fetched once for every list on the page, mark the shows I booked.
  const reservations = useMyReservations(signedIn);
  const mineItems = signedIn ? reservations.data?.items : undefined;
  const markMine = useMemo(() => (shows: Show[]) => markMineIn(shows, mineItems), [mineItems]);

  const onCancel = (show: Show) =>
    show.myReservationId != null && setCancelTarget({ reservationId: show.myReservationId, title: show.title });

  function update(next: { sort?: ShowSort; mine?: boolean; page?: number }) {
    const q = new URLSearchParams();
    q.set("sort", next.sort ?? sort);
    if (next.mine ?? mine) q.set("mine", "true");
    if ((next.page ?? 1) > 1) q.set("page", String(next.page));
    setParams(q);
  }

  const pageCount = list.data ? Math.max(1, Math.ceil(list.data.total / list.data.pageSize)) : 1;
  const block = { signedIn, onCancel, markMine };

  return (
    <div className="space-y-10">
      <h1 id={PAGE_HEADING_ID} tabIndex={-1} className="text-lg font-semibold text-slate-700 outline-none">
        {t("home.heading")}
      </h1>
      <Shelf id="popular" title={t("home.popular")} query={popular} {...block} />
      <Shelf id="newest" title={t("home.newest")} query={newest} {...block} />

      <section aria-labelledby="all-shows" className="space-y-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="all-shows" className="text-2xl font-bold">
            {t("home.all")}
          </h2>
          <SortBar sort={sort} mine={mine} signedIn={signedIn} onChange={(n) => update({ ...n, page: 1 })} />
        </div>
        <ShowsBlock query={list} size={PAGE_SIZE} empty={mine ? t("home.noReservations") : t("home.noShows")} {...block}>
          <Pagination page={page} pageCount={pageCount} onPage={(p) => update({ page: p })} />
        </ShowsBlock>
      </section>

      <CancelReservationDialog target={cancelTarget} onClose={() => setCancelTarget(null)} />
    </div>
  );
}

type ShowsQuery = UseQueryResult<{ items: Show[] }>;
type BlockProps = { signedIn: boolean; onCancel: (s: Show) => void; markMine: (shows: Show[]) => Show[] };

function Shelf({ id, title, query, ...block }: { id: string; title: string; query: ShowsQuery } & BlockProps) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby={id} className="space-y-4">
      <h2 id={id} className="text-2xl font-bold">
        {title}
      </h2>
      <ShowsBlock query={query} size={SHELF_SIZE} empty={t("home.noShows")} {...block} />
    </section>
  );
}

/** A list of shows with its loading, error and empty states; `children` go under the cards. */
function ShowsBlock({
  query,
  size,
  empty,
  signedIn,
  onCancel,
  markMine,
  children,
}: { query: ShowsQuery; size: number; empty: string; children?: ReactNode } & BlockProps) {
  const { t } = useTranslation();
  if (query.isPending) return <ShowGridSkeleton count={size} label={t("home.loadingShows")} />;
  if (query.isError) return <ErrorMessage message={errorMessage(query.error)} onRetry={() => void query.refetch()} />;
  if (query.data.items.length === 0) return <EmptyState>{empty}</EmptyState>;
  return (
    <>
      <ShowGrid shows={markMine(query.data.items)} signedIn={signedIn} onCancel={onCancel} />
      {children}
    </>
  );
}
