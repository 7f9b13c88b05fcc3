"""A throw-away PostgreSQL + PostGIS cluster for the shared-ledger tests and benches: initdb in a temporary folder,
a free port on 127.0.0.1 and a socket in the same folder, stopped and removed afterwards.

The Debian packages (.ci/install-postgis.sh, run by `make deps`) give the binaries; nothing else is started. As
root (CI, the chroots) the server runs as the `postgres` user, which initdb requires. Authentication is `trust`
on 127.0.0.1 only: the roles the tests log in as (an office administrator, village editors) are real login roles
without passwords, so the database's rules apply to them as to any editor.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from typing import List, Optional

SUPERUSER = "lianwei_owner"
TEMPLATE = "lianwei_template"
EDITORS = ("editor_a", "editor_b", "office_admin")


def _bin_dir() -> Optional[str]:
    """The newest PostgreSQL whose PostGIS is installed."""
    found = []
    for control in glob.glob("/usr/share/postgresql/*/extension/postgis.control"):
        version = control.split("/")[4]
        binaries = f"/usr/lib/postgresql/{version}/bin"
        if os.path.exists(os.path.join(binaries, "postgres")):
            found.append((int(version) if version.isdigit() else 0, binaries))
    return max(found)[1] if found else None


def available() -> Optional[str]:
    """None when a cluster can be started here, else why not."""
    if _bin_dir() is None:
        return "PostgreSQL with PostGIS is not installed (bash .ci/install-postgis.sh)"
    try:
        import psycopg2  # noqa: F401
    except ImportError:
        return "psycopg2 is not installed (python3-psycopg2)"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    def __init__(self) -> None:
        self.bin = _bin_dir()
        self.folder = tempfile.mkdtemp(prefix="lianwei-pg-")
        self.data = os.path.join(self.folder, "data")
        self.port = _free_port()
        self.host = "127.0.0.1"
        self._as: List[str] = []
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.folder, user.pw_uid, user.pw_gid)
            self._as = ["runuser", "-u", "postgres", "--"]
        os.chmod(self.folder, 0o755)

    def _run(self, program: str, *arguments: str) -> None:
        command = self._as + [os.path.join(self.bin, program), *arguments]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def start(self) -> "Cluster":
        self._run("initdb", "-D", self.data, "-U", SUPERUSER, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses={self.host} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
        )
        log = os.path.join(self.folder, "server.log")
        self._run("pg_ctl", "-D", self.data, "-o", options, "-l", log, "-w", "-t", "60", "start")
        self.execute("postgres", f"CREATE DATABASE {TEMPLATE}")
        self.execute(TEMPLATE, "CREATE EXTENSION postgis")
        for role in EDITORS:
            self.execute("postgres", f"CREATE ROLE {role} LOGIN")
        return self

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.folder, ignore_errors=True)

    def conninfo(self, database: str = "postgres", user: str = SUPERUSER) -> str:
        return f"host={self.host} port={self.port} dbname={database} user={user}"

    def connect(self, database: str = "postgres", user: str = SUPERUSER):
        import psycopg2

        connection = psycopg2.connect(self.conninfo(database, user))
        connection.autocommit = True
        return connection

    def rows(self, database: str, statement: str, parameters=None, user: str = SUPERUSER):
        """One statement as ``user``: its rows, or the count of rows it changed."""
        connection = self.connect(database, user)
        try:
            with connection.cursor() as cursor:
                cursor.execute(statement, parameters)
                return cursor.fetchall() if cursor.description else cursor.rowcount
        finally:
            connection.close()

    def execute(self, database: str, statement: str, parameters=None) -> None:
        connection = self.connect(database)
        try:
            with connection.cursor() as cursor:
                cursor.execute(statement, parameters)
        finally:
            connection.close()

    def new_database(self, name: str) -> str:
        """A database with PostGIS (copied from the template: fast), owned by the cluster's superuser."""
        for attempt in range(20):  # the template may still be open for a moment after a copy
            try:
                self.execute("postgres", f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
                return name
            except Exception as error:  # noqa: BLE001 - psycopg2 is imported lazily
                if "being accessed" not in str(error) or attempt == 19:
                    raise
                time.sleep(0.2)
        return name

    def service_file(self, path: str, service: str = "lianwei_test", database: str = "postgres") -> str:
        """A pg_service.conf naming this cluster (libpq reads it through PGSERVICEFILE)."""
        with open(path, "w", encoding="utf-8") as f:
            f.write(f"[{service}]\nhost={self.host}\nport={self.port}\ndbname={database}\nuser={SUPERUSER}\n")
        return path
