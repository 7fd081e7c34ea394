import type { Show } from "@/types/api";
import { ShowCard } from "./show-card";

const grid = "grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-5";

export function ShowGrid({ shows, signedIn, onCancel }: { shows: Show[]; signedIn: boolean; onCancel: (show: Show) => void }) {
  return (
    <ul className={grid}>
      {shows.map((show) => (
        <li key={show.id} className="flex">
          <ShowCard show={show} signedIn={signedIn} onCancel={onCancel} />
        </li>
      ))}
    </ul>
  );
}

/**
 * Grey cards of exactly a card's size, shown while a list loads, so that the cards arriving do
 * not push the page down (the home page used to shift by 0.4–0.9 CLS while its lists loaded).
 */
export function ShowGridSkeleton({ count, label }: { count: number; label: string }) {
  return (
    <div role="status" aria-label={label}>
      <ul className={grid} aria-hidden="true">
        {Array.from({ length: count }, (_, i) => (
          <li key={i} className="flex">
            <div className="flex w-full flex-col overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-sm">
              <div className="aspect-[3/4] animate-pulse bg-slate-200" />
              <div className="flex flex-1 flex-col gap-1 p-4">
                <div className="min-h-10 rounded bg-slate-100" />
                <div className="h-5 rounded bg-slate-100" />
                <div className="h-5 rounded bg-slate-100" />
                <div className="h-5 rounded bg-slate-100" />
                <div className="mt-2 h-6 rounded bg-slate-100" />
                <div className="mt-auto pt-3">
                  <div className="h-9" />
                </div>
              </div>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
