/** A closed choice saved at once (a radio group: arrows move and choose). Ignores changes while one is saving. */
export function FactorsChoice(props: { legend: string; name: string; choices: { value: string; label: string }[]; value: string; busy: boolean; onChange(value: string): void }) {
  return (
    <fieldset className="admin-fieldset" aria-busy={props.busy}>
      <legend>{props.legend}</legend>
      {props.choices.map((choice) => (
        <label key={choice.value} className="check admin-radio">
          <input
            type="radio"
            name={props.name}
            value={choice.value}
            checked={props.value === choice.value}
            onChange={() => {
              if (!props.busy) props.onChange(choice.value);
            }}
          />
          <span>{choice.label}</span>
        </label>
      ))}
    </fieldset>
  );
}
