/*
 * Names for the admin's form fields that Wagtail leaves unnamed, so that screen readers announce
 * them (WCAG 1.3.1, 4.1.2):
 * - Draftail's editable area is not named by its field's <label>;
 * - the items of a list block (StreamField ListBlock) have no <label> at all, only the heading of
 *   their panel ("Punkt", "Stycke");
 * - the file field of the image and document upload pages lies, unnamed, over the button
 *   whose text says what it does ("Eller välj från din dator"): it is named by that text;
 * - the upload pages' progress bars get a value (aria-valuenow) but no role to carry it: they
 *   become progress bars, named by the page's heading ("Lägg till bilder");
 * - the workflow's comment dialog ("Begär ändringar") puts its fields straight into a list
 *   (<ul class="fields">) with no list items: each field gets its item, hidden inputs move to
 *   just before the list;
 * - while a chooser (a link, an image) is open, Draftail makes the rich text read-only and
 *   Draft.js drops its role, leaving aria-multiline on a plain <div>: it stays a text box,
 *   marked read-only (aria-readonly) until it can be edited again;
 * - the minimap's list scrolls but cannot be reached by keyboard;
 * - the new user form's "Roles" link, which moves on to the next tab, claims the role of a tab
 *   outside any tab list (WCAG 1.3.1): it is announced as the link it is; the tab list above
 *   still holds the real tab, and the tabs controller finds the panel from the link's href.
 * Wagtail renders blocks as an editor adds them, so new fields are named as they appear.
 */
(() => {
  const FIELDS = 'input:not([type="hidden"]), select, textarea, [contenteditable="true"][role="textbox"]';

  function isNamed(element) {
    return (
      element.hasAttribute("aria-label") ||
      element.hasAttribute("aria-labelledby") ||
      (element.labels && element.labels.length > 0)
    );
  }

  function nameSource(element) {
    const field = element.closest("[data-field-wrapper]");
    const label = field && field.querySelector("label.w-field__label");
    if (label) {
      if (!label.id) label.id = `${label.htmlFor || "field"}-label`;
      return label.id;
    }
    const cover = element.closest(".replace-file-input");
    const button = cover && cover.querySelector("button");
    if (button) {
      if (!button.id) button.id = `${element.id || "file"}-button`;
      return button.id;
    }
    const panel = element.closest("section[aria-labelledby]");
    return panel ? panel.getAttribute("aria-labelledby") : null;
  }

  function nameFields(root) {
    root.querySelectorAll(FIELDS).forEach((element) => {
      if (isNamed(element)) return;
      const source = nameSource(element);
      if (source) element.setAttribute("aria-labelledby", source);
    });
    root.querySelectorAll(".w-minimap__list:not([tabindex])").forEach((list) => {
      list.setAttribute("tabindex", "0");
    });
    root.querySelectorAll("div.progress:not([role])").forEach((bar) => {
      const heading = document.querySelector("h1");
      if (!heading) return;
      if (!heading.id) heading.id = "page-heading";
      bar.setAttribute("role", "progressbar");
      bar.setAttribute("aria-valuemin", "0");
      bar.setAttribute("aria-valuemax", "100");
      bar.setAttribute("aria-labelledby", heading.id);
    });
    root.querySelectorAll("ul.fields").forEach((list) => {
      Array.from(list.children).forEach((child) => {
        if (["LI", "SCRIPT", "TEMPLATE"].includes(child.tagName)) return;
        if (child.matches('input[type="hidden"]')) {
          list.before(child);
          return;
        }
        const item = document.createElement("li");
        child.replaceWith(item);
        item.append(child);
      });
    });
    root.querySelectorAll(".public-DraftEditor-content").forEach((editor) => {
      if (editor.getAttribute("contenteditable") === "false") {
        if (!editor.hasAttribute("role")) editor.setAttribute("role", "textbox");
        editor.setAttribute("aria-readonly", "true");
      } else {
        editor.removeAttribute("aria-readonly");
      }
    });
    root.querySelectorAll('[role="tab"]').forEach((tab) => {
      if (!tab.closest('[role="tablist"]')) tab.removeAttribute("role");
    });
  }

  function start() {
    nameFields(document);
    // Named in the observer's own callback, before any other script or the next paint: a
    // field Wagtail adds is never reachable without its name, not even for a frame.
    new MutationObserver(() => nameFields(document)).observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["contenteditable"],
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
