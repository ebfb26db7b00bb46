import { Fragment, useCallback, useEffect, useState, type FormEvent } from 'react';
import type { ModelPriceRow, UsageRow } from '../../../src-shared/admin';
import type { PriceOverride } from '../../../src-shared/settings';
import { ApiError } from '../../api';
import { TableHead, numeric as NUM } from '../../components/TableHead';
import { useLatestLoad } from '../../components/use-latest-load';
import { useOutcrop } from '../../context';
import { overrideKeyFor, perMillion, priceListLine, sourceLabel } from './price-labels';

// The usage key of requests that named no model (src-main's usage NO_MODEL).
const NO_MODEL_KEY = '(none)';

/**
 * The prices costs use: each model seen in the range (and, folded away, the account's other
 * models) with input, output and cache prices per 1M tokens, where each comes from and as of
 * when, and Edit to set or remove the user's own price (settings.priceOverrides).
 */
export function PricesCard({ used }: { used: UsageRow[] }) {
  const { api, settings, onEvent } = useOutcrop();
  const keys = used.map((r) => r.key).filter((k) => k !== NO_MODEL_KEY);
  const names = new Map(used.map((r) => [r.key, r.displayName]));
  const joined = keys.join(',');
  const fetcher = useCallback(() => api.prices(joined ? joined.split(',') : []), [api, joined]);
  const { data, error, reload } = useLatestLoad(fetcher);
  // An override saved anywhere (this card, another window) changes the prices shown.
  useEffect(() => onEvent((e) => e.type === 'settings' && void reload()), [onEvent, reload]);
  const [editing, setEditing] = useState<string>();

  const rows = data?.data ?? [];
  const asked = rows.filter((r) => r.asked);
  const others = rows.filter((r) => !r.asked);
  const table = (list: ModelPriceRow[], label: string, testId: string) => (
    <div className="usage-table-scroll" tabIndex={0} role="region" aria-label={label}>
      <table className="usage-prices" data-testid={testId}>
        <TableHead columns={['Model', ...NUM('Input', 'Output', 'Cache read', 'Cache write'), 'Source']} actions="Actions" />
        <tbody>
          {list.map((r) => (
            <Fragment key={r.model}>
              <PriceRow row={r} name={names.get(r.model) ?? r.name} editing={editing === r.model} onEdit={() => setEditing(editing === r.model ? undefined : r.model)} />
              {editing === r.model && (
                <tr className="usage-price-edit-row">
                  <td colSpan={7}>
                    <PriceEditForm row={r} overrides={settings?.priceOverrides ?? {}} onDone={() => setEditing(undefined)} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );

  return (
    <div className="card usage-prices-card" data-testid="usage-prices">
      <div className="usage-card-head">
        <h2>Prices</h2>
        <span className="muted usage-prices-unit">USD per 1M tokens</span>
      </div>
      {data && (
        <p className="muted usage-prices-status" data-testid="usage-price-list">
          {priceListLine(data.priceList)}
        </p>
      )}
      {error && (
        <div className="banner banner-bad" role="alert">
          Could not load prices: {error}
        </div>
      )}
      {asked.length > 0 && table(asked, 'Prices of the models used', 'usage-prices-used')}
      {others.length > 0 && (
        <details className="usage-prices-others">
          <summary>Other models the account offers ({others.length})</summary>
          {table(others, 'Prices of the other models', 'usage-prices-others')}
        </details>
      )}
    </div>
  );
}

function PriceRow({ row, name, editing, onEdit }: { row: ModelPriceRow; name?: string; editing: boolean; onEdit: () => void }) {
  const p = row.price;
  return (
    <tr data-model-id={row.model}>
      <th scope="row" className="usage-model-name" title={row.model}>
        <span className="usage-model-label">{name ?? row.model}</span>
        {/* "name, id": the By model table's row headers read "name (id)", and each table's rows are told apart by their own. */}
        {name && <span className="visually-hidden">, {row.model}</span>}
      </th>
      <td className="num" data-col="input">{perMillion(p?.input)}</td>
      <td className="num" data-col="output">{perMillion(p?.output)}</td>
      <td className="num" data-col="cache-read">{p ? perMillion(p.cacheRead) : '–'}</td>
      <td className="num" data-col="cache-write">{p ? perMillion(p.cacheWrite) : '–'}</td>
      <td data-col="source" className={p ? undefined : 'muted'}>{sourceLabel(p)}</td>
      <td className="usage-price-actions">
        <button type="button" onClick={onEdit} aria-expanded={editing} aria-label={`Edit the price of ${name ?? row.model}`}>
          Edit
        </button>
      </td>
    </tr>
  );
}

const FIELDS: Array<{ key: keyof PriceOverride; label: string; required: boolean }> = [
  { key: 'input', label: 'Input', required: true },
  { key: 'output', label: 'Output', required: true },
  { key: 'cacheRead', label: 'Cache read', required: false },
  { key: 'cacheWrite', label: 'Cache write', required: false },
];

/** The user's own price for one model (every profile of it), saved with the settings PATCH; Remove goes back to the list or table. */
function PriceEditForm({ row, overrides, onDone }: { row: ModelPriceRow; overrides: Record<string, PriceOverride>; onDone: () => void }) {
  const { saveSettings } = useOutcrop();
  const key = overrideKeyFor(row.model, row.overrideKey);
  const start = overrides[key] ?? row.price;
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(FIELDS.map((f) => [f.key, start?.[f.key] === undefined ? '' : String(start[f.key])])));
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const id = (f: string) => `price-${f}-${row.model.replace(/[^a-z0-9]/gi, '-')}`;

  const save = async (next: Record<string, PriceOverride>) => {
    setBusy(true);
    setProblem(undefined);
    try {
      await saveSettings({ priceOverrides: next });
      onDone();
    } catch (err) {
      setProblem(err instanceof ApiError || err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const price: Record<string, number> = {};
    for (const f of FIELDS) {
      const raw = values[f.key].trim();
      if (!raw && !f.required) continue;
      const n = Number(raw);
      if (!raw || !Number.isFinite(n) || n < 0) return setProblem(`${f.label}: enter a price of 0 or more (USD per 1M tokens).`);
      price[f.key] = n;
    }
    void save({ ...overrides, [key]: price as PriceOverride });
  };
  const remove = () => {
    const { [key]: _gone, ...rest } = overrides;
    void save(rest);
  };

  return (
    <form className="usage-price-form" onSubmit={submit} aria-label={`Your price for ${row.name ?? row.model}`}>
      <p className="muted usage-price-form-note">
        Your price for <code>{key}</code> (every profile of it), in USD per 1M tokens. Cache prices left empty count as input.
      </p>
      <div className="usage-price-fields">
        {FIELDS.map((f) => (
          <label key={f.key} htmlFor={id(f.key)}>
            {f.label}
            <input id={id(f.key)} name={f.key} type="number" inputMode="decimal" min={0} step="any" required={f.required} value={values[f.key]} onChange={(e) => setValues((v) => ({ ...v, [f.key]: e.target.value }))} />
          </label>
        ))}
      </div>
      {problem && (
        <p className="usage-price-problem" role="alert">
          {problem}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          Save price
        </button>
        {overrides[key] && (
          <button type="button" onClick={remove} disabled={busy}>
            Remove your price
          </button>
        )}
        <button type="button" onClick={onDone} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
