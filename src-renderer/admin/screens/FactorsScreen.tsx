import { useEffect, useState, type JSX } from 'react';
import type { FactorView, GuardianSettingsView, IpcOutcome, MfaPolicy, PushSettingsView } from '../../../src-main/ipc/contract';
import { ErrorMessage, Notice } from '../../components/ErrorMessage';
import { useLive } from '../../hooks/use-live';
import { describeAdminError } from './admin-outcome';
import { factorLabel } from './factor-names';
import { FactorsEmail } from './FactorsEmail';
import { FactorsPhone } from './FactorsPhone';
import { FactorsPolicy } from './FactorsPolicy';
import { FactorsPush } from './FactorsPush';
import { FactorsSwitch } from './FactorsSwitch';
import { useAdminCall } from './use-admin-call';
import './admin-screens.css';

/**
 * Factors, the MFA policy and push settings of the chosen connection. Each change shows at once and is
 * saved at once; when the server refuses it, the control goes back and the error says why.
 */
export function FactorsScreen(): JSX.Element {
  const live = useLive(window.tessera.adminGuardianSettings, ['admin']);
  const [view, setView] = useState<GuardianSettingsView | null>(null);
  const [saving, setSaving] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const { error, run } = useAdminCall();

  useEffect(() => {
    if (live.value?.ok) setView(live.value.value);
  }, [live.value]);

  /** Shows `next` now; keeps what main answers, or puts `previous` back if it refused. */
  async function save<T>(key: string, apply: (value: T) => void, previous: T, next: T, call: () => Promise<IpcOutcome<T>>, done: (value: T) => string) {
    apply(next);
    setSaving(key);
    setStatus(null);
    const outcome = await run(call);
    setSaving(null);
    if (outcome.ok) {
      apply(outcome.value);
      setStatus(done(outcome.value));
    } else apply(previous);
  }

  function setFactor(factor: FactorView, enabled: boolean) {
    const apply = (value: FactorView) => setView((current) => current && { ...current, factors: current.factors.map((entry) => (entry.name === value.name ? value : entry)) });
    void save(`factor:${factor.name}`, apply, factor, { ...factor, enabled }, () => window.tessera.adminSetFactor(factor.name, enabled), (value) => `${factorLabel(value.name)} is ${value.enabled ? 'on' : 'off'}.`);
  }

  function setPolicy(previous: MfaPolicy, policy: MfaPolicy) {
    const apply = (value: MfaPolicy) => setView((current) => current && { ...current, policy: value });
    void save('policy', apply, previous, policy, () => window.tessera.adminSetPolicy(policy), (value) => (value === 'never' ? 'MFA is never required.' : 'MFA is required for all applications.'));
  }

  function setPush(previous: PushSettingsView, patch: Partial<PushSettingsView>) {
    const apply = (value: PushSettingsView) => setView((current) => current && { ...current, push: value });
    const said = patch.numberMatching !== undefined ? `Number matching is ${patch.numberMatching ? 'on' : 'off'}.` : `Locking push on “This wasn’t me” is ${patch.lockOnReject ? 'on' : 'off'}.`;
    void save('push', apply, previous, { ...previous, ...patch }, () => window.tessera.adminSetPushSettings(patch), () => said);
  }

  const loadError = live.value && !live.value.ok ? describeAdminError(live.value.error) : live.failed ? 'Tessera could not reach its main process. Try again.' : null;
  return (
    <section aria-labelledby="factors-title" className="admin-screen">
      <h2 id="factors-title">Factors and policies</h2>
      <ErrorMessage message={error ?? loadError} />
      <Notice message={status} />
      {view === null ? (
        !loadError && <p className="muted">Loading…</p>
      ) : (
        <>
          <div className="card">
            <h3>Factors</h3>
            <ul className="admin-factors">
              {view.factors.map((factor) => (
                <li key={factor.name} data-factor={factor.name}>
                  {factor.supported ? (
                    <FactorsSwitch label={factorLabel(factor.name)} checked={factor.enabled} busy={saving === `factor:${factor.name}`} onChange={(enabled) => setFactor(factor, enabled)} />
                  ) : (
                    <p className="admin-unavailable">
                      <span>{factorLabel(factor.name)}</span> <span className="muted">Unavailable: Tessera cannot serve this factor.</span>
                    </p>
                  )}
                </li>
              ))}
            </ul>
          </div>
          <FactorsPolicy policy={view.policy} busy={saving === 'policy'} onChange={(policy) => setPolicy(view.policy, policy)} />
          <FactorsPhone />
          <FactorsEmail />
          {view.push && <FactorsPush push={view.push} busy={saving === 'push'} onChange={(patch) => view.push && setPush(view.push, patch)} />}
        </>
      )}
    </section>
  );
}
