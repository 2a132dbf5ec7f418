import re
import sys
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from contacts.normalize import canonical_profile_url, company_key, fold, name_key, profile_key


def test_profile_key_accepts_every_spelling_of_a_profile_url():
    for url in (
        "https://www.linkedin.com/in/ana-silva",
        "https://www.linkedin.com/in/ana-silva/",
        "http://linkedin.com/in/Ana-Silva",
        "www.linkedin.com/in/ANA-SILVA/?utm_source=share",
        "  https://fr.linkedin.com/in/ana-silva#about ",
    ):
        assert profile_key(url) == "ana-silva", url


def test_profile_key_decodes_percent_encoded_slugs():
    assert profile_key("https://www.linkedin.com/in/zo%C3%AB-martin") == "zoë-martin"
    assert profile_key("https://www.linkedin.com/in/ZO%C3%8B") == "zoë"


def test_a_url_without_slug_is_no_url():
    for url in ("https://www.linkedin.com/in", "https://www.linkedin.com/in/", "", None,
                "https://example.com/in/ana", "not a url"):  # fmt: skip
        assert profile_key(url) == ""
        assert canonical_profile_url(url) == ""


def test_canonical_profile_url_is_the_one_stored_spelling():
    assert canonical_profile_url("www.linkedin.com/in/Ana-Silva/") == (
        "https://www.linkedin.com/in/ana-silva"
    )


def test_fold_drops_case_accents_punctuation_and_extra_spaces():
    assert fold("  Zoë   O'Brien-Dubois 🚀 ") == "zoe o brien dubois"
    assert fold("Łukasz Ø") == "łukasz ø"
    assert fold("ÉMILE") == "emile"
    assert fold(None) == ""


def test_name_key_joins_first_and_last_names():
    assert name_key(" Jane ", "Doe, Ph.D.") == "jane doe ph d"
    assert name_key("José", None) == "jose"


def test_company_key_drops_legal_forms():
    assert company_key("Acme, Inc.") == company_key("ACME") == company_key("Acme Inc") == "acme"
    assert company_key("Müller GmbH") == "muller"
    assert company_key("Co") == "co"


def _slow_fold(text):
    """fold() as first written: every character looked at, regular expressions for the rest."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", stripped.casefold())).strip()


@given(st.text())
def test_folds_fast_paths_agree_with_the_plain_definition(text):
    assert fold(text) == _slow_fold(text)


def test_fold_agrees_with_the_plain_definition_on_every_character():
    for start in range(0, sys.maxunicode + 1, 4096):
        text = "".join(map(chr, range(start, start + 4096)))
        assert fold(text) == _slow_fold(text), hex(start)


@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)
