export const RANGES = [1, 7, 30, 90] as const;
export type RangeDays = (typeof RANGES)[number];

/** How the picker names a range: "Today" (the UTC day, as the Overview's Today card) or "N days". */
export function rangeLabel(days: RangeDays): string {
  return days === 1 ? 'Today' : `${days} days`;
}

/** The usage range as a row of radio buttons (arrow keys move between them). */
export function RangePicker({ value, onChange }: { value: RangeDays; onChange: (days: RangeDays) => void }) {
  return (
    <fieldset className="usage-range">
      <legend className="visually-hidden">Range</legend>
      {RANGES.map((days) => (
        <label key={days} className={value === days ? 'checked' : undefined}>
          <input type="radio" name="usage-range" value={days} checked={value === days} onChange={() => onChange(days)} />
          {rangeLabel(days)}
        </label>
      ))}
    </fieldset>
  );
}
