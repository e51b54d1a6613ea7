/**
 * An on/off setting drawn as a switch (a checkbox with the switch role, so Space toggles it). While a
 * change is saving it ignores clicks but stays enabled: disabling it would drop the keyboard focus.
 */
export function FactorsSwitch(props: { label: string; description?: string; checked: boolean; busy: boolean; onChange(checked: boolean): void }) {
  return (
    <label className="admin-switch">
      <input
        type="checkbox"
        role="switch"
        checked={props.checked}
        aria-busy={props.busy}
        onChange={(event) => {
          if (!props.busy) props.onChange(event.target.checked);
        }}
      />
      <span className="admin-switch-track" aria-hidden="true" />
      <span>
        {props.label}
        {props.description && <span className="muted admin-switch-description">{props.description}</span>}
      </span>
    </label>
  );
}
