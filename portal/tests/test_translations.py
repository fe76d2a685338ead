"""Every string is translated into Kazakh and Russian, and the committed .mo files match the .po files."""

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_catalogue_is_complete_and_compiled(language):
    po = polib.pofile(LOCALE / language / "LC_MESSAGES" / "django.po")
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not untranslated and not fuzzy, (untranslated[:5], fuzzy[:5])
    mo = polib.mofile(LOCALE / language / "LC_MESSAGES" / "django.mo")
    compiled = {entry.msgid: entry.msgstr for entry in mo}
    source = {entry.msgid: entry.msgstr for entry in po.translated_entries()}
    assert compiled == source, "run `make messages` to compile the catalogues"
