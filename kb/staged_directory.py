"""Writing an export directory at once (``kb export suomifi``, ``kb
export intranet``): into a new directory beside the target, renamed into
place when complete, so that a reader never sees half an export."""
import contextlib
import os
import shutil
import tempfile

from kb.errors import KBError


def is_replaceable(target, marker):
    """True if ``target`` does not exist, is an empty directory or holds
    ``marker`` (a file an earlier export of the same kind wrote)."""
    if not os.path.exists(target):
        return True
    return os.path.isdir(target) and (
        not os.listdir(target)
        or os.path.isfile(os.path.join(target, marker)))


@contextlib.contextmanager
def staged_directory(target, prefix, marker, refusal):
    """Yield a new empty directory beside ``target`` (named ``prefix``
    and a random part). When the block ends, it replaces ``target``: an
    earlier export there is moved aside and removed only once the new
    one is in place. If the block fails, it is removed and ``target``
    stays as it was.

    :param marker: the file that marks an earlier export (the block
        writes it).
    :raises KBError: with the message ``refusal`` if ``target`` is
        something else, which is never replaced.
    """
    target = os.path.abspath(target)
    if not is_replaceable(target, marker):
        raise KBError(refusal)
    parent = os.path.dirname(target)
    os.makedirs(parent, exist_ok=True)
    folder = tempfile.mkdtemp(prefix=prefix, dir=parent)
    old = None
    try:
        yield folder
        os.chmod(folder, 0o755)  # NB: mkdtemp makes it private
        if os.path.exists(target):
            old = tempfile.mkdtemp(prefix=f'{prefix}old-', dir=parent)
            os.rename(target, os.path.join(old, 'export'))
        os.rename(folder, target)
    except BaseException:
        if old is not None and not os.path.exists(target):
            os.rename(os.path.join(old, 'export'), target)
        shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
