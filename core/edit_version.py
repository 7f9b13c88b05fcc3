"""Two saves of one case: the ledger refuses a save that does not move the case's ``version`` past the stored one.

Code that changes cases (layers/case_edits.update_cases: lianwei:recordstatus and the desktop's actions) reads and
writes a case in one immediate transaction, with version = stored version + 1: it cannot lose an update.

QGIS's edit buffer (the form, the attribute table, the field calculator, the map tools) cannot do that: it keeps
the edits of a session and writes them when the layer is saved, with ``UPDATE … WHERE fid = ?`` and no word of the
version it began from, so "the last person to save wins" (QGIS user manual). The ledger's ``version`` field has the
default-on-update expression ``coalesce("version", 0) + 1``, which QGIS evaluates on every change of the feature
in the buffer, each time on the buffered feature: a case changed twice before saving (two cells of the attribute
table, a form saved twice, a reshape and the check's refresh of its areas) is saved with version = stored + 2, and
so on (checked on QGIS 3.22, tests/qgis/test_edit_version.py). A trigger demanding exactly stored + 1 would
therefore refuse a single user's legitimate save, and is not used.

What the ledger can tell without false refusals: a save from the edit buffer always moves the version past the one
its session read, and stamps the case (updated_at, updated_by: default-on-update fields as well). A save that stamps
the case but does not move the version above the stored one began from an older state of the case — someone else
saved it in between — and would overwrite their change: the ledger refuses it (BEFORE UPDATE OF "version").
Writes that do not stamp the case pass: GDAL's rewriting of the whole row when QGIS saves a changed geometry (the
version and stamp as stored), another program that leaves them alone (traced as before, without a name).

The check is partial, and says so: a stale session that changed the case more often than the others did (its
version above the stored one again) still overwrites, field by field, as QGIS does; so does one whose save carries
the same stamp as the stored one (the same person, within the same second on QGIS 3.22, which stores whole
seconds). It catches the common case — two people each correct one case once — and never refuses a save that
began from the stored case. The desktop names the cases before saving (ui/case_save_hook.py).
"""

from __future__ import annotations

from typing import List, Tuple

NAME = "lianwei_version_stale"
MESSAGE = (
    "案件在您开始编辑后已被他人修改并保存，您的保存会覆盖其修改：请回滚您对该案件的修改，重新加载后再编辑 / "
    "The case was changed and saved by someone else after you began editing it, and your save would overwrite "
    "their change: roll back your changes to it, reload and edit it again"
)


# A save from the edit buffer stamps the case anew (updated_at, updated_by are default-on-update fields too). GDAL's
# saving of a changed geometry rewrites the whole row as it reads it, version and stamp included: not a new stamp,
# although GDAL writes a time back in its own form ('2024-05-01 09:00:00' as '2024-05-01T09:00:00.000'), hence
# julianday(), which reads both (and a time zone) as the same moment.
RESTAMPED = 'julianday(NEW."updated_at") IS NOT julianday(OLD."updated_at") OR NEW."updated_by" IS NOT OLD."updated_by"'


def trigger_statements(table: str = "violations") -> List[Tuple[str, str]]:
    """(name, CREATE TRIGGER statement) of the trigger refusing a save that does not move the version on."""
    message = MESSAGE.replace("'", "''")
    return [
        (
            NAME,
            f'CREATE TRIGGER "{NAME}" BEFORE UPDATE OF "version" ON "{table}" '
            f'WHEN NEW."version" <= OLD."version" AND ({RESTAMPED}) '
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
        )
    ]
