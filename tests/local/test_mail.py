"""The local mail catcher keeps what it receives."""
from kb.local.mail import MailCatcher
from kb.mail.smtp import deliver
from tests.mail.test_mail import message


def test_the_catcher_keeps_a_copy_in_its_maildir(tmp_path):
    catcher = MailCatcher(maildir=tmp_path / 'mail').start()
    try:
        assert deliver(catcher.settings, [message()]) == 1
    finally:
        catcher.stop()
    [name] = (tmp_path / 'mail' / 'new').iterdir()
    assert b'Subject: Kortti odottaa' in name.read_bytes()
