import type { UseQueryResult } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { useSearchParams } from "react-router-dom";
import { EmptyState, ErrorMessage, Loading } from "@/components/ui/status";
import { useUser } from "@/features/auth/api/auth";
import { CancelReservationDialog, type CancelTarget } from "@/features/reservations/components/cancel-reservation-dialog";
import { useNewestShows, usePopularShows, useShows } from "@/features/shows/api/shows";
import { Pagination } from "@/features/shows/components/pagination";
import { ShowGrid } from "@/features/shows/components/show-grid";
import { SortBar } from "@/features/shows/components/sort-bar";
import { errorMessage } from "@/lib/api-client";
import type { Show, ShowSort } from "@/lib/api";

const PAGE_SIZE = 10;
const sorts: ShowSort[] = ["popular", "latest", "date"];

export function HomePage() {
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

  return (
    <div className="space-y-10">
      <Shelf title="Popular now" query={popular} signedIn={signedIn} onCancel={onCancel} />
      <Shelf title="Just added" query={newest} signedIn={signedIn} onCancel={onCancel} />

      <section aria-labelledby="all-shows" className="space-y-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="all-shows" className="text-2xl font-bold">
            All shows
          </h2>
          <SortBar sort={sort} mine={mine} signedIn={signedIn} onChange={(n) => update({ ...n, page: 1 })} />
        </div>
        <ShowsBlock query={list} empty={mine ? "You have no reservations yet." : "No shows yet."} signedIn={signedIn} onCancel={onCancel}>
          <Pagination page={page} pageCount={pageCount} onPage={(p) => update({ page: p })} />
        </ShowsBlock>
      </section>

      <CancelReservationDialog target={cancelTarget} onClose={() => setCancelTarget(null)} />
    </div>
  );
}

type ShowsQuery = UseQueryResult<{ items: Show[] }>;

function Shelf({ title, query, signedIn, onCancel }: { title: string; query: ShowsQuery; signedIn: boolean; onCancel: (s: Show) => void }) {
  const id = title.toLowerCase().replace(/\s+/g, "-");
  return (
    <section aria-labelledby={id} className="space-y-4">
      <h2 id={id} className="text-2xl font-bold">
        {title}
      </h2>
      <ShowsBlock query={query} empty="No shows yet." signedIn={signedIn} onCancel={onCancel} />
    </section>
  );
}

/** A list of shows with its loading, error and empty states; `children` go under the cards. */
function ShowsBlock({
  query,
  empty,
  signedIn,
  onCancel,
  children,
}: {
  query: ShowsQuery;
  empty: string;
  signedIn: boolean;
  onCancel: (s: Show) => void;
  children?: ReactNode;
}) {
  if (query.isPending) return <Loading label="Loading shows…" />;
  if (query.isError) return <ErrorMessage message={errorMessage(query.error)} onRetry={() => void query.refetch()} />;
  if (query.data.items.length === 0) return <EmptyState>{empty}</EmptyState>;
  return (
    <>
      <ShowGrid shows={query.data.items} signedIn={signedIn} onCancel={onCancel} />
      {children}
    </>
  );
}
