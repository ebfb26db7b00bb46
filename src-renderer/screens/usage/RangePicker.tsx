export const RANGES = [7, 30, 90] as const;
export type RangeDays = (typeof RANGES)[number];

/** The usage range as a row of radio buttons (arrow keys move between them). */
export function RangePicker({ value, onChange }: { value: RangeDays; onChange: (days: RangeDays) => void }) {
  return (
    <fieldset className="usage-range">
      <legend className="visually-hidden">Range</legend>
      {RANGES.map((days) => (
        <label key={days} className={value === days ? 'checked' : undefined}>
          <input type="radio" name="usage-range" value={days} checked={value === days} onChange={() => onChange(days)} />
          {days} days
        </label>
      ))}
    </fieldset>
  );
}
