"""Writing an export directory at once (``kb export suomifi``, ``kb
export intranet``): into a new directory beside the target, renamed into
place when complete, so that a reader never sees half an export."""
import contextlib
import os
import shutil
import tempfile


@contextlib.contextmanager
def staged_directory(target, prefix):
    """Yield a new empty directory beside ``target`` (named ``prefix``
    and a random part). When the block ends, it replaces ``target``: an
    earlier export there is moved aside and removed only once the new
    one is in place. If the block fails, it is removed and ``target``
    stays as it was."""
    target = os.path.abspath(target)
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
        shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
