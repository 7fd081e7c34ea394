import { Button } from "@/components/ui/button";
import type { Seat } from "@/lib/api";
import { formatPrice } from "@/lib/format";
import { HoldCountdown } from "./hold-countdown";

export type ReservationSummaryProps = {
  seats: Seat[];
  expiresAt: string | null;
  saving: boolean;
  onRemove: (seat: Seat) => void;
  onReserve: () => void;
  onExpire: () => void;
};

export function seatsTotal(seats: Seat[]): number {
  return seats.reduce((sum, s) => sum + s.price, 0);
}

/** The side panel: my seats with their prices, the total, the hold's countdown and Reserve. */
export function ReservationSummary({ seats, expiresAt, saving, onRemove, onReserve, onExpire }: ReservationSummaryProps) {
  return (
    <section aria-labelledby="summary-title" className="space-y-4">
      <h2 id="summary-title" className="text-lg font-bold">
        Your seats
      </h2>
      {seats.length === 0 ? (
        <p className="text-sm text-slate-500">No seats selected. Pick a green seat on the map.</p>
      ) : (
        <ul className="divide-y divide-slate-200" aria-label="Selected seats">
          {seats.map((seat) => (
            <li key={seat.name} className="flex items-center justify-between gap-2 py-2">
              <span className="font-semibold">{seat.name}</span>
              <span className="ml-auto text-sm text-slate-700">{formatPrice(seat.price)}</span>
              <button
                type="button"
                className="rounded px-1.5 text-slate-400 hover:bg-slate-100 hover:text-slate-700"
                aria-label={`Remove seat ${seat.name}`}
                onClick={() => onRemove(seat)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="flex items-baseline justify-between border-t border-slate-200 pt-3">
        <span className="font-semibold">Total</span>
        <span className="text-xl font-bold" data-testid="summary-total">
          {formatPrice(seatsTotal(seats))}
        </span>
      </div>
      {expiresAt && seats.length > 0 && <HoldCountdown expiresAt={expiresAt} onExpire={onExpire} />}
      <Button className="w-full" disabled={seats.length === 0 || saving} onClick={onReserve}>
        {seats.length > 0 ? `Reserve ${seats.length} seat${seats.length > 1 ? "s" : ""}` : "Reserve"}
      </Button>
    </section>
  );
}
