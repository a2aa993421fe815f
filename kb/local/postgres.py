"""A private PostgreSQL server: Debian's ``postgresql`` package
(installed if missing) running a cluster of our own in a folder of ours,
on a free loopback port, with a generated password and no Unix socket.

Temporary tables live in a tablespace in RAM (``/dev/shm``, where there
is one): RelStorage stages every commit in ``ON COMMIT DELETE ROWS``
temporary tables, and PostgreSQL truncates their files at every commit,
under RelStorage's commit lock. On this machine's ext4 that file work
took 12-16 ms of each commit, on tmpfs under 1 ms (docs/benchmarks.md,
"Cluster"). The folder holds nothing that outlives a transaction; it is
removed when the server stops and made again when it starts.

PostgreSQL refuses to run as root. Run by root, the server runs as the
``postgres`` user the package creates; when that user cannot reach the
folder (a checkout in a private directory), the cluster's data lives in
a folder of its own under ``/var/lib/postgresql`` and ``data`` links
there.

``python -m kb.local.postgres install|up|down|status [FOLDER]``
(default folder ``var/postgres``).
"""
import hashlib
import os
from pathlib import Path
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
from urllib.parse import urlencode

PACKAGE = 'postgresql'
SERVERS = Path('/usr/lib/postgresql')
SYSTEM_HOMES = Path('/var/lib/postgresql')
SYSTEM_USER = 'postgres'
SUPERUSER = 'kb'
HOST = '127.0.0.1'
#: appended to the cluster's postgresql.conf: loopback only, no socket,
#: room for several nodes' connection pools
SETTINGS = """
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
max_connections = 300
port = {port}
"""
#: where the tablespace of temporary tables goes (tmpfs on Linux)
RAM = Path('/dev/shm')
TEMP_TABLESPACE = 'kb_temp'
DATABASE_NAME = re.compile(r'[a-z][a-z0-9_]{0,62}\Z')
DEFAULT_FOLDER = Path('var/postgres')


class PostgresError(Exception):
    """The server could not be installed, initialised or started, or a
    command failed; the message says what it printed."""


def bin_dir():
    """The newest installed server's ``bin`` folder, or None."""
    found = sorted(SERVERS.glob('*/bin/pg_ctl'),
                   key=lambda path: int(path.parts[-3]))
    return found[-1].parent if found else None


def install(run=subprocess.run):
    """Install Debian's ``postgresql`` unless a server is installed.

    :returns: the server's ``bin`` folder.
    :raises PostgresError: if the package cannot be installed.
    """
    if bin_dir() is None:
        sudo = [] if os.geteuid() == 0 else ['sudo', '-n']
        apt = sudo + ['apt-get', '-q', '-y']
        env = dict(os.environ, DEBIAN_FRONTEND='noninteractive')
        package = ['install', '--no-install-recommends', PACKAGE]
        if run(apt + package, env=env).returncode:
            # NB: a fresh machine has no package lists yet
            run(apt + ['update'], env=env)
            run(apt + package, env=env)
    found = bin_dir()
    if found is None:
        raise PostgresError(f'could not install Debian\'s {PACKAGE} package '
                            f'(run "apt-get install {PACKAGE}" as root)')
    return found


def free_port():
    """A TCP port on the loopback interface that nothing listens on."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Server:
    """A PostgreSQL cluster in ``folder``: ``data/`` (the cluster, with
    its ``server.log``), ``port`` and ``password`` (mode 600)."""

    def __init__(self, folder=DEFAULT_FOLDER):
        self.folder = Path(folder).absolute()
        self.data = self.folder / 'data'
        self.bin = bin_dir()

    @property
    def port(self):
        return int((self.folder / 'port').read_text())

    @property
    def password(self):
        return (self.folder / 'password').read_text().strip()

    @property
    def log(self):
        return self.data / 'server.log'

    @property
    def ram(self):
        """The folder of the temporary tables' tablespace, or None
        without a RAM file system."""
        if not RAM.is_dir():
            return None
        name = hashlib.sha1(bytes(self.folder)).hexdigest()[:12]
        return RAM / f'kb-postgres-{name}'

    def initialised(self):
        return (self.data / 'PG_VERSION').exists()

    def ensure(self):
        """Install, initialise and start the server as needed.

        :returns: the server itself.
        """
        self.bin = install()
        if not self.initialised():
            self.init()
        if not self.running():
            self.start()
        return self

    # -- the server ------------------------------------------------------

    def init(self):
        """Make a new cluster (any half-made one is replaced)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        password = secrets.token_urlsafe(24)
        secret = self.folder / 'password'
        secret.write_text(password + '\n')
        secret.chmod(0o600)
        (self.folder / 'port').write_text(str(free_port()))
        (self.folder / 'temp_tablespace').unlink(missing_ok=True)
        data = self._data_folder()
        # NB: initdb reads the password from a file its user can read
        with tempfile.TemporaryDirectory() as scratch:
            pwfile = Path(scratch) / 'pw'
            pwfile.write_text(password + '\n')
            self._server_owns(Path(scratch), pwfile)
            self._as_server('initdb', '-D', data.resolve(), '-U', SUPERUSER,
                            '--auth=scram-sha-256', f'--pwfile={pwfile}',
                            '-E', 'UTF8', '--no-locale')
        with open(data / 'postgresql.conf', 'a') as conf:
            conf.write(SETTINGS.format(port=self.port))

    def start(self):
        self._ram_folder()
        self._as_server('pg_ctl', '-D', self.data.resolve(), '-l',
                        self.log.resolve(), '-w', '-t', '60', 'start')
        self._temp_tablespace()

    def stop(self):
        if self.initialised() and self.running():
            self._as_server('pg_ctl', '-D', self.data.resolve(), '-m',
                            'fast', '-w', 'stop')
        if self.ram is not None:
            shutil.rmtree(self.ram, ignore_errors=True)

    def _ram_folder(self):
        """Make the tablespace's folder again as the tablespace left it
        (its version folder, named in ``temp_tablespace``): RAM is empty
        after a reboot, and :meth:`stop` empties it."""
        version = self.folder / 'temp_tablespace'
        if self.ram is None or not version.exists():
            return
        for path in (self.ram, self.ram / version.read_text().strip()):
            path.mkdir(mode=0o700, exist_ok=True)
            self._server_owns(path)

    def _temp_tablespace(self):
        """Put the temporary tables into RAM (see the module's
        docstring), once per cluster."""
        if self.ram is None or (self.folder / 'temp_tablespace').exists():
            return
        shutil.rmtree(self.ram, ignore_errors=True)
        self.ram.mkdir(mode=0o700)
        self._server_owns(self.ram)
        self.psql(f"CREATE TABLESPACE {TEMP_TABLESPACE} "
                  f"LOCATION '{self.ram}'")
        self.psql(f"ALTER SYSTEM SET temp_tablespaces = '{TEMP_TABLESPACE}'")
        self.psql('SELECT pg_reload_conf()')
        version, = (path.name for path in self.ram.iterdir())
        (self.folder / 'temp_tablespace').write_text(version + '\n')

    def running(self):
        return self.bin is not None and self._as_server(
            'pg_ctl', '-D', self.data.resolve(), 'status',
            check=False).returncode == 0

    def _data_folder(self):
        """An empty ``data`` folder the server's user owns (see the
        module's docstring)."""
        if self.data.is_symlink():
            shutil.rmtree(self.data.resolve(), ignore_errors=True)
            self.data.unlink()
        shutil.rmtree(self.data, ignore_errors=True)
        self.data.mkdir(mode=0o700)
        if os.geteuid() != 0:
            return self.data
        self._server_owns(self.data)
        if self._as_server(shutil.which('test'), '-w', self.data,
                           check=False).returncode == 0:
            return self.data
        self.data.rmdir()
        name = hashlib.sha1(bytes(self.folder)).hexdigest()[:12]
        home = SYSTEM_HOMES / f'kb-{name}'
        shutil.rmtree(home, ignore_errors=True)
        home.mkdir(mode=0o700, parents=True)
        self._server_owns(home)
        self.data.symlink_to(home)
        return self.data

    @staticmethod
    def _server_owns(*paths):
        if os.geteuid() == 0:
            for path in paths:
                shutil.chown(path, SYSTEM_USER, SYSTEM_USER)

    def _as_server(self, command, *args, check=True):
        """Run a server program (or another, by its path) as the
        server's user, from ``/``, which that user can read."""
        # NB: by real paths: the user may not pass through ours
        argv = [str(self.bin / command), *map(str, args)]
        if os.geteuid() == 0:
            argv = ['runuser', '-u', SYSTEM_USER, '--', *argv]
        return run(command, argv, check=check, cwd='/')

    # -- clients ---------------------------------------------------------

    def environ(self):
        """The environment for PostgreSQL's own clients (``psql``,
        ``pg_dump``): our password in ``PGPASSWORD``."""
        return dict(os.environ, PGPASSWORD=self.password)

    def psql(self, sql, database='postgres'):
        """Run ``sql`` as the superuser; :returns: what psql printed."""
        argv = [str(self.bin / 'psql'), '-X', '-q', '-A', '-t',
                '-v', 'ON_ERROR_STOP=1', '-h', HOST, '-p', str(self.port),
                '-U', SUPERUSER, '-d', database, '-c', sql]
        return run('psql', argv, env=self.environ()).stdout

    def create_database(self, name):
        self.psql(f'CREATE DATABASE "{checked(name)}"')

    def drop_database(self, name):
        self.psql(f'DROP DATABASE IF EXISTS "{checked(name)}" WITH (FORCE)')

    def databases(self):
        return self.psql('SELECT datname FROM pg_database '
                         'WHERE NOT datistemplate').split()

    def uri(self, database, password=True, **options):
        """The ``zodbconn.uri`` of a history-free RelStorage on
        ``database``; without ``password`` it comes from
        ``KB_DATABASE_PASSWORD`` (:mod:`kb.database`). The generated
        password is URL-safe."""
        user = SUPERUSER
        if password:
            user += ':' + self.password
        query = urlencode({'keep_history': 'false', **options})
        return (f'postgres://{user}@{HOST}:{self.port}/{checked(database)}'
                f'?{query}')


def run(program, argv, check=True, **options):
    """:raises PostgresError: with what ``program`` printed, if it
    failed and ``check``."""
    done = subprocess.run(argv, capture_output=True, text=True, **options)
    if check and done.returncode:
        output = (done.stderr or done.stdout).strip()[-2000:]
        raise PostgresError(f'{program} failed: {output}')
    return done


def checked(name):
    """:raises PostgresError: unless ``name`` is a plain database name."""
    if not DATABASE_NAME.match(name):
        raise PostgresError(f'not a plain database name: {name!r}')
    return name


def main(argv=sys.argv[1:]):
    """The command line (see the module's docstring)."""
    action = argv[0] if argv else 'status'
    server = Server(argv[1] if len(argv) > 1 else DEFAULT_FOLDER)
    try:
        if action == 'install':
            print(install())
        elif action == 'up':
            server.ensure()
            print(f'postgresql on {HOST}:{server.port} ({server.folder})')
        elif action == 'down':
            server.stop()
        elif action == 'status':
            state = 'runs' if server.initialised() and server.running() \
                else 'is stopped'
            print(f'postgresql {state} ({server.folder})')
        else:
            print(f'usage: {__spec__.name} install|up|down|status [FOLDER]',
                  file=sys.stderr)
            return 2
    except PostgresError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
