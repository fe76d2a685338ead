"""Every string is translated into Kazakh and Russian, and the committed .mo files match the .po files, in both
domains: django (Python and templates) and djangojs (the admin's JavaScript strings, portal/admin_strings.js).

Two ways a catalogue falls behind the code, and one test for each:

* a string is in the .po file but has no translation (or a fuzzy one), or the .mo was not recompiled;
* a string is in the code but not in the .po at all, because nobody ran ``make messages``. The catalogue
  test cannot see that, so the extraction test runs ``makemessages`` itself, in a throw-away copy of the
  project, for each domain, with the same ``--ignore`` list as the Makefile.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "locale"
LANGUAGES = ["kk", "ru"]
DOMAINS = ["django", "djangojs"]
# Folders makemessages must not read: the virtualenv, run-time data, collected and vendored static files,
# and the benchmark, browser and load-test tools (their strings are not shown to anyone). `make messages`
# passes the same list; test_makefile_uses_the_same_ignore_list keeps the two together.
IGNORE = [".venv", "var", "static", "bench", "e2e", "loadtest"]
GETTEXT_TOOLS = ["xgettext", "msgmerge", "msguniq", "msgattrib"]


def _po(language: str, domain: str = "django") -> polib.POFile:
    return polib.pofile(LOCALE / language / "LC_MESSAGES" / f"{domain}.po")


def _key(entry: polib.POEntry) -> tuple:
    return entry.msgctxt, entry.msgid, entry.msgid_plural


def _translation(entry: polib.POEntry) -> tuple:
    """What a catalogue says for an entry, its context and plural forms included."""
    forms = entry.msgstr_plural
    return (entry.msgctxt, entry.msgid), (tuple(forms[index] for index in sorted(forms)) if forms else entry.msgstr)


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete_and_compiled(language, domain):
    po = _po(language, domain)
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not untranslated and not fuzzy, (untranslated[:5], fuzzy[:5])
    assert not po.metadata_is_fuzzy, f"the header of locale/{language}/LC_MESSAGES/{domain}.po is marked fuzzy"
    mo = polib.mofile(LOCALE / language / "LC_MESSAGES" / f"{domain}.mo")
    compiled = dict(_translation(entry) for entry in mo)
    source = dict(_translation(entry) for entry in po.translated_entries())
    assert compiled == source, "run `make messages` to compile the catalogues"


def _copy_ignore(directory: str, names: list[str]) -> set[str]:
    """What not to copy: the ignored folders, hidden ones, caches, databases, and any virtualenv by its marker."""
    skipped = set()
    for name in names:
        path = Path(directory) / name
        if (
            name in IGNORE
            or name.startswith(".")
            or name == "__pycache__"
            or name.endswith((".sqlite3", ".pyc", ".mo"))
            or (path.is_dir() and (path / "pyvenv.cfg").exists())
        ):
            skipped.add(name)
    return skipped


def _describe(entry: polib.POEntry) -> str:
    context = f" (context {entry.msgctxt!r})" if entry.msgctxt else ""
    where = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:2])
    return f"  {entry.msgid!r}{context} [{where}]"


def test_every_string_in_the_code_is_in_the_catalogues(tmp_path):
    missing_tools = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if missing_tools:
        pytest.skip(
            f"GNU gettext is not installed ({', '.join(missing_tools)} not found): cannot extract the strings "
            "from the code (apt-get install gettext)"
        )
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=_copy_ignore)
    for domain in DOMAINS:
        command = [sys.executable, "manage.py", "makemessages", "--no-obsolete", "-v", "0", f"--domain={domain}"]
        command += [f"--locale={language}" for language in LANGUAGES]
        command += [f"--ignore={pattern}" for pattern in IGNORE]
        run = subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, f"makemessages -d {domain} failed:\n{run.stdout}\n{run.stderr}"

    for domain in DOMAINS:
        for language in LANGUAGES:
            extracted = polib.pofile(project / "locale" / language / "LC_MESSAGES" / f"{domain}.po")
            committed = {_key(entry) for entry in _po(language, domain)}
            missing = [entry for entry in extracted if _key(entry) not in committed]
            assert not missing, (
                f"{len(missing)} string(s) in the code are missing from locale/{language}/LC_MESSAGES/{domain}.po; "
                "run `make messages` and translate them:\n" + "\n".join(_describe(entry) for entry in missing)
            )


def _domain(command: str) -> str:
    match = re.search(r"(?:-d|--domain)[ =](\S+)", command)
    return match.group(1) if match else "django"


def test_makefile_uses_the_same_ignore_list():
    """`make messages` and the test above must read the same files, in the same domains, or one of them misses
    strings."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    lines = [line for line in makefile.splitlines() if "manage.py makemessages" in line]
    assert sorted(_domain(line) for line in lines) == sorted(DOMAINS), f"one makemessages command per domain: {lines}"
    for line in lines:
        assert "--all" in line and "--no-obsolete" in line, line
        assert sorted(re.findall(r"--ignore=(\S+)", line)) == sorted(IGNORE), line
