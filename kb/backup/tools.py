"""What both storages' backups use: file stamps and running a tool."""
from pathlib import Path
import subprocess
import time

from kb.backup.errors import BackupError


def fresh_stamp(folder, clock=time.time, sleep=time.sleep):
    """A UTC stamp to the second (``YYYY-MM-DD-HH-MM-SS``, as repozo
    names its files) that no file in ``folder`` starts with yet: a
    second backup within the same second waits for the next one."""
    while True:
        stamp = time.strftime('%Y-%m-%d-%H-%M-%S', time.gmtime(clock()))
        if not any(path.name.startswith(stamp) for path in
                   Path(folder).glob('*')):
            return stamp
        sleep(0.2)


def run(name, argv, env=None):
    """Run the backup tool ``name``; :raises BackupError: with the last
    line it printed, if it failed."""
    done = subprocess.run([str(arg) for arg in argv], capture_output=True,
                          text=True, env=env)
    if done.returncode:
        output = (done.stderr or done.stdout).strip().splitlines()
        reason = output[-1] if output else f'exit status {done.returncode}'
        raise BackupError(f'{name} failed: {reason}')
    return done
