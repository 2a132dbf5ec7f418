// The calendar settings: "Copy" puts the feed's address on the clipboard and says so.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const field = document.getElementById(button.dataset.copy);
  field.select();
  const said = () => netcoach.announce(gettext("Address copied."));
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(field.value).then(said, () => {
      document.execCommand("copy");
      said();
    });
  } else {
    document.execCommand("copy");
    said();
  }
});
