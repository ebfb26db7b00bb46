import type { DesktopCore } from './shell';
import type { DesktopState, ProfileChoice } from './state';

// The core's slower facts, asked for after a change instead of re-read on every update: the AWS
// profiles behind the profile menu, and the doctor's checklist behind the tray's state. A failed
// ask keeps what the tray had (the settings window explains); a late checklist never replaces a newer one.

export interface CoreRefreshDeps {
  /** The core once started; nothing is asked before. */
  core(): DesktopCore | undefined;
  isQuitting(): boolean;
  update(change: Partial<DesktopState>): void;
}

export class CoreRefresher {
  private diagnosisSeq = 0;

  constructor(private readonly deps: CoreRefreshDeps) {}

  /** Re-reads the AWS profiles into the menu's choices. */
  async profiles(): Promise<void> {
    const core = this.deps.core();
    if (!core) return;
    try {
      const { profiles } = await core.admin.listProfiles();
      const choices: ProfileChoice[] = profiles.map((p) => ({ name: p.name, kind: p.kind, ...(p.problem ? { problem: p.problem } : {}), ...(p.state ? { state: p.state } : {}) }));
      this.deps.update({ profiles: choices });
    } catch {
      // Unreadable AWS files: the profile menu keeps what it had; the settings window explains.
    }
  }

  /** Runs the doctor's checks; the answer is dropped when a newer run started meanwhile or the app is quitting. */
  async diagnosis(): Promise<void> {
    const core = this.deps.core();
    if (!core) return;
    const seq = ++this.diagnosisSeq;
    try {
      const diagnosis = await core.admin.diagnose();
      if (seq === this.diagnosisSeq && !this.deps.isQuitting()) this.deps.update({ diagnosis });
    } catch {
      // The tray keeps its last view; the Overview shows why the checks failed.
    }
  }
}
