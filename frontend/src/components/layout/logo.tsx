/** The Podo grape. */
export function Logo({ className = "h-8 w-8" }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden="true">
      <path d="M17 3c3 0 6 1 7 3-3 1-5 1-7-1" fill="#16a34a" />
      <path d="M16 4v4" stroke="#166534" strokeWidth="2" strokeLinecap="round" />
      <g fill="#7c3aed">
        <circle cx="10" cy="12" r="4.5" />
        <circle cx="16" cy="11" r="4.5" />
        <circle cx="22" cy="12" r="4.5" />
        <circle cx="13" cy="18" r="4.5" />
        <circle cx="19" cy="18" r="4.5" />
        <circle cx="16" cy="24.5" r="4.5" />
      </g>
    </svg>
  );
}
