"""Why a backup or restore did not happen: one line for the operator,
and the exit status."""


class BackupError(Exception):
    """A backup or restore failed (exit status 1); the message is one
    line for the operator."""

    status = 1


class CannotRun(BackupError):
    """Bad input or a database in use: nothing was changed (exit
    status 2, like every kb command that cannot run)."""

    status = 2


class Declined(BackupError):
    """The operator did not confirm the restore; nothing was changed."""
