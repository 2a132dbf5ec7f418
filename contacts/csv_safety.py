"""CSV cells that a spreadsheet will not run as formulas (OWASP "CSV injection")."""

# A spreadsheet treats a cell starting with one of these as a formula (tab and carriage return
# hide one behind whitespace): a leading apostrophe makes it plain text again.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    """The cell's text, with a leading apostrophe when a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text
