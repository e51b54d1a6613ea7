import type { MfaPolicy } from '../../../src-main/ipc/contract';

const CHOICES: { value: MfaPolicy; label: string; description: string }[] = [
  { value: 'never', label: 'Never', description: 'People enroll and use MFA only when an application asks for it.' },
  { value: 'all-applications', label: 'All applications', description: 'Every sign-in asks for a second factor (Auth0’s “Always” policy).' },
];

/** Auth0's MFA policy (Guardian `policies`: none or `all-applications`) as a radio group. */
export function FactorsPolicy({ policy, busy, onChange }: { policy: MfaPolicy; busy: boolean; onChange(policy: MfaPolicy): void }) {
  return (
    <fieldset className="card admin-fieldset" aria-busy={busy}>
      <legend>MFA policy</legend>
      {CHOICES.map((choice) => (
        <label key={choice.value} className="check admin-radio">
          <input
            type="radio"
            name="mfa-policy"
            value={choice.value}
            checked={policy === choice.value}
            onChange={() => {
              if (!busy) onChange(choice.value);
            }}
          />
          <span>
            {choice.label}
            <span className="muted admin-switch-description">{choice.description}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
