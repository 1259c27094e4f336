/** The small Parley logo and name, linking to the start page. */
export function Brand() {
  return (
    <a class="brand small-brand" href="/">
      <span class="logo" aria-hidden="true">P</span> Parley
    </a>
  );
}
