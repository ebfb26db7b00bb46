import { CheckField, Field, SectionForm, SettingsSection } from './SettingsField';
import { useSettingsForm, wholeNumber, type FieldErrors, type FormSpec } from './use-settings-form';

export const responsesStoreSpec: FormSpec<{ maxResponses: string; maxMegabytes: string; keepOnDisk: boolean }> = {
  section: 'Stored responses',
  read: (s) => ({ maxResponses: String(s.responsesStore.maxResponses), maxMegabytes: String(s.responsesStore.maxMegabytes), keepOnDisk: s.responsesStore.keepOnDisk }),
  write: (d) => {
    const errors: FieldErrors = {};
    const count = wholeNumber(d.maxResponses);
    if (count === undefined || count > 100000) errors.maxResponses = 'Enter a whole number from 0 to 100000, such as 200.';
    const mb = /^\d+(\.\d+)?$/.test(d.maxMegabytes.trim()) ? Number(d.maxMegabytes.trim()) : undefined;
    if (mb === undefined || mb < 1 || mb > 4096) errors.maxMegabytes = 'Enter a number of megabytes from 1 to 4096, such as 64.';
    if (Object.keys(errors).length) return { errors };
    return { patch: { responsesStore: { maxResponses: count, maxMegabytes: mb, keepOnDisk: d.keepOnDisk } } };
  },
};

/** The Responses API's store (store: true): how many responses and megabytes it keeps, and whether they are kept on disk. */
export function ResponsesStoreSection() {
  const form = useSettingsForm(responsesStoreSpec);
  if (!form.values) return null;
  const v = form.values;
  return (
    <SettingsSection
      id="responses-store"
      title="Stored responses"
      description={
        <p>
          What the OpenAI Responses API keeps for tools that continue a conversation with <code>previous_response_id</code> (<code>store</code> is on unless a tool sends{' '}
          <code>store: false</code>, as Codex CLI does). The oldest go first beyond either limit.
        </p>
      }
    >
      <SectionForm>
        <div className="st-row">
          <Field name="maxResponses" label="Responses kept" error={form.errors.maxResponses} hint="0 keeps none (previous_response_id then always fails).">
            {(p) => <input {...p} className="st-narrow" inputMode="numeric" value={v.maxResponses} onChange={(e) => form.set('maxResponses', e.target.value)} />}
          </Field>
          <Field name="maxMegabytes" label="Megabytes kept" error={form.errors.maxMegabytes} hint="All stored responses together, 1 to 4096 MB.">
            {(p) => <input {...p} className="st-narrow" inputMode="decimal" value={v.maxMegabytes} onChange={(e) => form.set('maxMegabytes', e.target.value)} />}
          </Field>
        </div>
        <CheckField
          name="keepOnDisk"
          label="Keep stored responses on disk"
          checked={v.keepOnDisk}
          error={form.errors.keepOnDisk}
          onChange={(on) => form.set('keepOnDisk', on)}
          hint="Conversations continue after a restart. They hold your prompts, code and the model’s answers, saved unencrypted in Outcrop’s folder (readable by you only); turning this off deletes them. Off: memory only."
        />
      </SectionForm>
    </SettingsSection>
  );
}
