import type { PushSettingsView } from '../../../src-main/ipc/contract';
import { FactorsSwitch } from './FactorsSwitch';

/** Tessera's push settings (a real Auth0 tenant has none, and this card is not drawn for it). */
export function FactorsPush({ push, busy, onChange }: { push: PushSettingsView; busy: boolean; onChange(patch: Partial<PushSettingsView>): void }) {
  return (
    <div className="card">
      <h3>Push notifications</h3>
      <FactorsSwitch
        label="Number matching"
        description="The phone asks the person to pick the number shown at sign-in."
        checked={push.numberMatching}
        busy={busy}
        onChange={(numberMatching) => onChange({ numberMatching })}
      />
      <FactorsSwitch
        label="Lock push on “This wasn’t me”"
        description="A rejected request locks the person’s push factor until an admin unlocks it."
        checked={push.lockOnReject}
        busy={busy}
        onChange={(lockOnReject) => onChange({ lockOnReject })}
      />
    </div>
  );
}
