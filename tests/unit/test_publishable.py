"""The zip `make package` builds passes plugins.qgis.org's upload validator and security scan, run as the site does.

Read from the site's source (repository qgis/QGIS-Plugins-Website, folder qgis-app/plugins/):

- validator.py, ``validator()``: size <= PLUGIN_MAX_UPLOAD_SIZE (25,000,000 bytes); no name with ``..`` or a leading
  separator, none containing ``.pyc``, no ``__MACOSX``, ``.git`` or ``__pycache__`` folder; ``testzip()`` clean;
  one parent folder (more is warned about); the package name is the first entry's folder, a Python identifier
  matching ``^[A-Za-z][A-Za-z0-9-_]+$``; ``<package>/__init__.py`` and ``<package>/metadata.txt`` present;
  metadata.txt read by ``configparser.ConfigParser()`` (interpolation on, so a stray ``%`` fails) with a
  ``[general]`` section holding PLUGIN_REQUIRED_METADATA (name, description, version, qgisMinimumVersion, author,
  email, about, tracker, repository); the boolean flags (experimental, deprecated, server, supportsQt6) read as
  true/1 or anything else; ``icon`` read from the zip; author without slashes; tracker, repository and homepage
  URLs with a scheme and a host, not the placeholders ``http://bugs``/``http://repo``/``http://homepage`` (the site
  also asks them over HTTP, which a test here cannot); ``<package>/LICENSE`` mandatory since June 2024.
- security_scanner.py: the zip extracted to a folder; ``bandit -r DIR -f json --quiet -t <enabled tests>`` with no
  ``-ll`` when tests are selected, so every severity counts; ``detect-secrets scan --all-files --exclude-files
  metadata\\.txt [--disable-plugin <not enabled>] .`` run in that folder; any result fails the check. Its file
  checks: no ``.exe .dll .so .dylib .bat .sh .ps1 .cmd``, no hidden file, no ``.py`` with an execute bit.
- management/commands/data/bandit_rules.json and secrets_rules.json: the enabled tests (BANDIT_TESTS below: all of
  bandit's but B109, B404, B410, B411) and detectors (all but IPPublicDetector).

Beyond the site: nothing ships that QGIS does not load at run time (the .qm, not its .ts source), and every
``# nosec`` names its test and gives the reason beside it (the plugin asks the uploader for no skip).
"""

import configparser
import io
import json
import os
import re
import subprocess
import sys
import tokenize
import zipfile
from importlib import metadata as package_metadata
from urllib.parse import urlparse

import pytest
from plugin_paths import REPO

sys.path.insert(0, os.path.join(REPO, "tools"))
import package  # noqa: E402

PACKAGE = "lianwei"
MAX_UPLOAD = 25_000_000  # validator.PLUGIN_MAX_UPLOAD_SIZE
REQUIRED = ("name", "description", "version", "qgisMinimumVersion", "author", "email", "about", "tracker", "repository")
BOOLEAN = ("experimental", "deprecated", "server", "supportsQt6")
BANDIT_TESTS = (
    "B101,B102,B103,B104,B105,B106,B107,B108,B110,B111,B112,B113,B201,B202,B301,B302,B303,B304,B305,B306,B307,B308,"
    "B310,B311,B312,B313,B314,B315,B316,B317,B318,B319,B320,B321,B323,B324,B401,B402,B403,B405,B406,B407,B408,B409,"
    "B412,B413,B501,B502,B503,B504,B505,B506,B507,B508,B509,B601,B602,B603,B604,B605,B606,B607,B608,B609,B610,B611,"
    "B612,B613,B614,B615,B701,B702,B703,B704"
)
SECRETS_DISABLED = ("IPPublicDetector",)
SUSPICIOUS = (".exe", ".dll", ".so", ".dylib", ".bat", ".sh", ".ps1", ".cmd", ".pyd")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(zip path, folder it was extracted to) of a fresh `make package` zip."""
    if not os.path.exists(os.path.join(REPO, "i18n", "lianwei_zh_CN.qm")):
        pytest.fail("build the translations first (make translations)")
    folder = tmp_path_factory.mktemp("publish")
    target = str(folder / "lianwei.zip")
    package.build(target)
    extracted = folder / "extracted"
    with zipfile.ZipFile(target) as archive:
        archive.extractall(extracted)
    return target, str(extracted)


@pytest.fixture(scope="module")
def archive(built):
    with zipfile.ZipFile(built[0]) as opened:
        yield opened


@pytest.fixture(scope="module")
def general(archive):
    parser = configparser.ConfigParser()  # as the validator reads it: interpolation on
    parser.optionxform = str
    parser.read_file(io.StringIO(archive.read(f"{PACKAGE}/metadata.txt").decode("utf8")))
    assert parser.has_section("general")
    return dict(parser.items("general"))


def pinned(name):
    """The version of ``name`` the Makefile pins (PIP_PACKAGES)."""
    makefile = open(os.path.join(REPO, "Makefile"), encoding="utf-8").read()
    return re.search(rf"\b{re.escape(name)}==([\w.]+)", makefile).group(1)


def scanner(name):
    try:
        installed = package_metadata.version(name)
    except package_metadata.PackageNotFoundError:
        pytest.fail(f"{name} is not installed: `make test` installs it (PIP_PACKAGES)")
    assert installed == pinned(name), f"{name} {installed} is not the pinned {pinned(name)}: run make deps"


# --- the security scan -------------------------------------------------------------------------------------------


def test_bandit_finds_nothing_with_the_sites_tests(built):
    scanner("bandit")
    folder = built[1]
    command = [sys.executable, "-m", "bandit", "-r", folder, "-f", "json", "--quiet", "-t", BANDIT_TESTS]
    out = subprocess.run(command, capture_output=True, text=True, timeout=300)
    report = json.loads(out.stdout)
    findings = [
        f"{r['test_id']} {r['issue_severity']} {os.path.relpath(r['filename'], folder)}:{r['line_number']} "
        f"{r['issue_text']}"
        for r in report["results"]
    ]
    assert findings == []
    assert report["errors"] == []
    assert report["metrics"]["_totals"]["loc"] > 10_000  # it did read the plugin


def test_detect_secrets_finds_nothing(built):
    scanner("detect-secrets")
    command = [sys.executable, "-m", "detect_secrets", "scan", "--all-files", "--exclude-files", r"metadata\.txt"]
    for plugin in SECRETS_DISABLED:
        command += ["--disable-plugin", plugin]
    out = subprocess.run([*command, "."], cwd=built[1], capture_output=True, text=True, timeout=300, check=True)
    report = json.loads(out.stdout)
    assert len(report["plugins_used"]) > 20
    assert report["results"] == {}


def test_every_nosec_names_its_test_and_the_reason(archive):
    bare = []
    for name in archive.namelist():
        if not name.endswith(".py"):
            continue
        source = io.StringIO(archive.read(name).decode("utf-8"))
        for token in tokenize.generate_tokens(source.readline):  # comments only, as bandit reads them
            text = token.string
            if token.type == tokenize.COMMENT and re.search(r"#\s*nosec", text):
                if not re.search(r"#\s*nosec B\d{3}\s+#\s*\S.{10,}", text):
                    bare.append(f"{name}:{token.start[0]}: {text}")
    assert bare == []


def test_no_suspicious_hidden_or_executable_files(archive):
    for info in archive.infolist():
        base = os.path.basename(info.filename)
        assert not base.startswith("."), info.filename
        assert not info.filename.lower().endswith(SUSPICIOUS), info.filename
        if info.filename.endswith(".py"):
            assert not (info.external_attr >> 16) & 0o111, f"{info.filename} is executable"


# --- the upload validator ----------------------------------------------------------------------------------------


def test_size_and_sound_zip(built, archive):
    assert os.path.getsize(built[0]) <= MAX_UPLOAD
    assert os.path.getsize(built[0]) < package.MAX_BYTES
    assert archive.testzip() is None


def test_paths_carry_no_caches_or_path_tricks(archive):
    for name in archive.namelist():
        assert ".." not in name and not name.startswith(("/", os.path.sep)), name
        assert ".pyc" not in name, name
        assert not {"__MACOSX", ".git", "__pycache__"} & set(name.split("/")), name


def test_one_top_folder_named_as_the_package(archive):
    names = archive.namelist()
    assert {n.split("/")[0] for n in names} == {PACKAGE}
    package_name = names[0][: names[0].index("/")]
    assert package_name == PACKAGE and package_name.isidentifier()
    assert re.match(r"^[A-Za-z][A-Za-z0-9-_]+$", package_name)
    assert re.match(r"^[a-z_][a-z0-9_]*$", package_name)  # what QGIS imports it as
    for required in ("__init__.py", "metadata.txt", "LICENSE"):
        assert f"{PACKAGE}/{required}" in names, required


def test_metadata_has_the_required_fields(general, archive):
    for key in REQUIRED:
        assert general.get(key, "").strip(), key
    assert re.match(r"^[^/]+$", general["author"])
    assert re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", general["email"])
    for flag in BOOLEAN:
        if flag in general:
            assert general[flag].strip().lower() in ("true", "false", "1", "0"), flag
    minimum = tuple(int(p) for p in general["qgisMinimumVersion"].split("."))
    maximum = tuple(int(p) for p in general.get("qgisMaximumVersion", "3.99").split("."))
    assert (1, 8) <= minimum <= maximum
    assert general["icon"] and archive.read(f"{PACKAGE}/{general['icon'].removeprefix('./')}")


def test_urls_are_real_addresses(general):
    placeholders = {"tracker": "http://bugs", "repository": "http://repo", "homepage": "http://homepage"}
    for key, placeholder in placeholders.items():
        if key not in general and key == "homepage":
            continue
        url = general[key].strip()
        parsed = urlparse(url)
        assert url != placeholder and parsed.scheme == "https" and parsed.netloc, key


def test_licence_is_gpl(archive):
    text = archive.read(f"{PACKAGE}/LICENSE").decode("utf-8")
    assert "GNU GENERAL PUBLIC LICENSE" in text


def test_only_what_runs_ships(archive):
    names = set(archive.namelist())
    assert f"{PACKAGE}/i18n/lianwei_zh_CN.qm" in names
    assert not [n for n in names if n.endswith(".ts")]
    for name in names:
        top = name.split("/")[1]
        assert top not in ("tests", "tools", "bench", "docs", ".ci", "Makefile", "pyproject.toml", "README.md"), name
