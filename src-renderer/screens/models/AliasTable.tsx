import { useMemo, useState } from 'react';
import type { ModelView } from '../../../src-shared/admin';
import { useOutcrop } from '../../context';
import { modelOptions, unavailableText } from '../../components/use-model-views';
import { AddAliasForm, type AddAliasFormProps } from './AddAliasForm';
import { AliasRow, type TestState } from './AliasRow';
import { aliasNamedBy, messageOf, withAlias, withoutAlias } from './alias-rules';
import { TableHead } from '../../components/TableHead';

/** The prompt the Test button sends: short, cheap, and obviously a test in the log. */
export const TEST_PROMPT = 'Say hello in five words.';

// Row key of the add form, for errors and the busy state (no alias can be named with a space).
const NEW = ' new';

/** The user's aliases: a table with edit, delete and test per row, and the add form under it. */
export function AliasTable({ models, modelsError, preset }: { models?: ModelView[]; modelsError?: string; preset?: AddAliasFormProps['preset'] }) {
  const { api, settings, status, saveSettings } = useOutcrop();
  const aliases = settings?.aliases ?? {};
  const [editing, setEditing] = useState<string>();
  const [confirming, setConfirming] = useState<string>();
  const [focusAfter, setFocusAfter] = useState<string>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string>();
  const [tests, setTests] = useState<Record<string, TestState>>({});

  const builtIns = useMemo(() => new Set((models ?? []).filter((m) => m.source === 'alias').map((m) => m.id)), [models]);
  const resolved = (name: string): string | null | undefined => {
    if (!models) return undefined;
    return models.find((m) => m.source === 'user-alias' && m.id === name)?.target ?? null;
  };
  const optionsText = modelsError ? `Could not list models (${modelsError}); type a name.` : 'Loading models…';

  /** Saves the whole alias map; a refusal lands on the row it names. Resolves true when saved. */
  const commit = async (next: Record<string, string>, row: string, renamedTo?: string): Promise<boolean> => {
    setBusy(row);
    try {
      await saveSettings({ aliases: next });
      setErrors({});
      return true;
    } catch (err) {
      const named = aliasNamedBy(err);
      // The alias being added or renamed belongs to this row; another alias named keeps its own.
      const at = named === undefined || named === renamedTo || !Object.hasOwn(aliases, named) ? row : named;
      setErrors({ [at]: messageOf(err) });
      return false;
    } finally {
      setBusy(undefined);
    }
  };

  const endEdit = (name?: string): void => {
    setEditing(undefined);
    setConfirming(undefined);
    setFocusAfter(name);
  };

  const test = async (name: string): Promise<void> => {
    setTests((t) => ({ ...t, [name]: { running: true } }));
    const key = settings?.requireApiKey ? settings.apiKeys[0]?.key : undefined;
    let result: TestState;
    try {
      result = { running: false, ...(await api.testModel(name, TEST_PROMPT, key)) };
    } catch (err) {
      result = { running: false, ok: false, text: `Could not reach Outcrop: ${messageOf(err)}`, latencyMs: 0 };
    }
    setTests((t) => ({ ...t, [name]: result }));
  };

  const names = Object.keys(aliases);
  return (
    <>
      <table className="mdl-table" aria-labelledby="aliases-title" data-testid="alias-table">
        <colgroup>
          <col className="mdl-col-alias" />
          <col className="mdl-col-points" />
          <col />
          <col className="mdl-col-actions" />
        </colgroup>
        <TableHead columns={['Alias', 'Points to', 'Bedrock model']} actions="Actions" />
        <tbody>
          {names.length === 0 && (
            <tr>
              <td colSpan={4} className="empty" data-testid="aliases-empty">
                No aliases yet. Add one below to give a Bedrock model the name your tool already sends (for example <code>gpt-4o</code>).
              </td>
            </tr>
          )}
          {names.map((name) => (
            <AliasRow
              key={name}
              name={name}
              target={aliases[name]}
              resolved={resolved(name)}
              access={models?.find((m) => m.source === 'user-alias' && m.id === name)?.access}
              region={status?.region}
              aliases={aliases}
              options={modelOptions(models, { exclude: name })}
              unavailableText={unavailableText(status?.region)}
              editing={editing === name}
              confirmingDelete={confirming === name}
              busy={busy === name}
              takeFocus={focusAfter === name}
              error={errors[name]}
              test={tests[name]}
              onEdit={() => (setEditing(name), setConfirming(undefined), setErrors({}))}
              onCancel={() => endEdit(name)}
              onSave={async (newName, target) => {
                if (await commit(withAlias(aliases, newName, target, name), name, newName)) {
                  setTests(({ [name]: _old, ...rest }) => rest);
                  endEdit(newName);
                }
              }}
              onAskDelete={() => (setConfirming(name), setEditing(undefined))}
              onDelete={async () => {
                if (await commit(withoutAlias(aliases, name), name)) endEdit();
              }}
              onTest={() => void test(name)}
            />
          ))}
        </tbody>
      </table>
      <AddAliasForm
        aliases={aliases}
        builtIns={builtIns}
        options={modelOptions(models)}
        unavailableText={unavailableText(status?.region)}
        optionsText={optionsText}
        busy={busy === NEW}
        serverError={errors[NEW]}
        onAdd={(name, target) => commit(withAlias(aliases, name, target), NEW, name)}
        preset={preset}
      />
    </>
  );
}
