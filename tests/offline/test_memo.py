"""Word terms kept between intranet exports."""
import json

import pytest


def _memo(path):
    from kb.offline.memo import TermMemo
    return TermMemo(str(path))


def test_a_new_process_analyses_only_new_words(tmp_path, monkeypatch):
    from kb.offline import memo as module
    path = tmp_path / 'terms.json'
    first = _memo(path)
    assert first.terms('ajokorttiin', 'fi') == list(
        module.token_terms('ajokorttiin', 'fi'))
    first.save()
    analysed = []
    monkeypatch.setattr(module, 'token_terms', lambda word, lang: (
        analysed.append(word) or ('uusi',)))
    second = _memo(path)
    assert 'ajokortti' in second.terms('ajokorttiin', 'fi')
    assert second.terms('passi', 'fi') == ['uusi']
    assert analysed == ['passi']


def test_words_no_longer_used_are_dropped(tmp_path):
    path = tmp_path / 'terms.json'
    first = _memo(path)
    first.terms('passi', 'fi')
    first.terms('pass', 'sv')
    first.save()
    second = _memo(path)
    second.terms('passi', 'fi')
    second.save()
    assert json.loads(path.read_text())['terms'] == {
        'fi': {'passi': second.known['fi']['passi']}}


def test_nothing_new_writes_nothing(tmp_path):
    path = tmp_path / 'terms.json'
    memo = _memo(path)
    memo.save()
    assert not path.exists()
    memo.terms('passi', 'fi')
    memo.save()
    written = path.stat().st_mtime_ns
    again = _memo(path)
    again.terms('passi', 'fi')
    again.save()
    assert path.stat().st_mtime_ns == written


@pytest.mark.parametrize('text', [
    '{"version": "0", "terms": {"fi": {"passi": ["väärä"]}}}',
    'not json',
    '[]',
])
def test_another_version_or_a_broken_file_is_ignored(tmp_path, text):
    path = tmp_path / 'terms.json'
    path.write_text(text)
    memo = _memo(path)
    assert 'väärä' not in memo.terms('passi', 'fi')
    memo.save()
    data = json.loads(path.read_text())
    assert data['terms']['fi']['passi'] == memo.known['fi']['passi']
