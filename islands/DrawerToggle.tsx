import { useEffect, useRef } from "preact/hooks";
import { drawerOpen, requests } from "../lib/web/client/store.ts";
import { totalUnread } from "../lib/web/client/unread.ts";

const PHONE = "(max-width: 720px)";

/**
 * On phones the rooms and people live in a drawer: this button opens it
 * (its badge counts unread messages and join requests), Escape or the
 * backdrop closes it, and while it is open the conversation is inert.
 */
export default function DrawerToggle() {
  const button = useRef<HTMLButtonElement>(null);
  const open = drawerOpen.value;
  useEffect(() => {
    const phone = matchMedia(PHONE);
    const sidebar = document.getElementById("sidebar");
    const main = document.querySelector<HTMLElement>(".conversation");
    const shown = open && phone.matches;
    document.body.classList.toggle("drawer-open", shown);
    if (main) main.inert = shown;
    if (shown) {
      sidebar?.querySelector<HTMLElement>("[aria-current], a, button")
        ?.focus();
    } else if (sidebar?.contains(document.activeElement)) {
      button.current?.focus();
    }
    const close = () => (drawerOpen.value = false);
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && close();
    addEventListener("keydown", onKey);
    phone.addEventListener("change", close);
    return () => {
      removeEventListener("keydown", onKey);
      phone.removeEventListener("change", close);
    };
  }, [open]);
  const count = totalUnread() + requests.value.length;
  return (
    <>
      <button
        type="button"
        class="drawer-toggle"
        ref={button}
        aria-controls="sidebar"
        aria-expanded={open ? "true" : "false"}
        onClick={() => (drawerOpen.value = !open)}
      >
        <span aria-hidden="true">☰</span>
        <span class="visually-hidden">Rooms and people</span>
        {count > 0 && (
          <span class="unread-count">
            {count}
            <span class="visually-hidden">new</span>
          </span>
        )}
      </button>
      {open && (
        <div
          class="backdrop"
          aria-hidden="true"
          onClick={() => (drawerOpen.value = false)}
        />
      )}
    </>
  );
}
