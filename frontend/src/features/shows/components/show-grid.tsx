import type { Show } from "@/lib/api";
import { ShowCard } from "./show-card";

export function ShowGrid({ shows, signedIn, onCancel }: { shows: Show[]; signedIn: boolean; onCancel: (show: Show) => void }) {
  return (
    <ul className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-5">
      {shows.map((show) => (
        <li key={show.id} className="flex">
          <ShowCard show={show} signedIn={signedIn} onCancel={onCancel} />
        </li>
      ))}
    </ul>
  );
}
