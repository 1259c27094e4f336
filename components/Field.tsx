import type { JSX } from "preact";

/** A form failure, and the field it is about (none: the whole form). */
export interface FormError {
  field?: string;
  message: string;
}

/** Props of `Field`: an input's attributes plus its label, hint and error. */
export type FieldProps = JSX.InputHTMLAttributes<HTMLInputElement> & {
  id: string;
  label: string;
  /** Shown under the field before any attempt, e.g. a length rule. */
  hint?: string;
  /** The form's failure; shown here when it concerns this field. */
  error: FormError | null;
};

/**
 * A labelled input whose hint and error sit right under it, tied to it
 * with `aria-describedby`; the field in error is marked `aria-invalid`
 * and takes the focus.
 */
export function Field({ id, label, hint, error, ...input }: FieldProps) {
  const mine = error?.field === id ? error.message : null;
  const described = [hint && `${id}-hint`, mine && `${id}-error`]
    .filter(Boolean).join(" ");
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        name={id}
        {...input}
        aria-invalid={mine ? "true" : undefined}
        aria-describedby={described || undefined}
        autofocus={mine ? true : input.autofocus}
      />
      {hint && <p id={`${id}-hint`} class="hint">{hint}</p>}
      {mine && <p id={`${id}-error`} class="field-error">{mine}</p>}
    </div>
  );
}
