"""Unit tests of language status and diffs."""
from kb.resources import Version


def content(fi=None, sv=None, **shared):
    texts = {}
    if fi is not None:
        texts['fi'] = {'title': 'Otsikko', 'summary': fi}
    if sv is not None:
        texts['sv'] = {'title': 'Rubrik', 'summary': sv}
    result = {'kind': 'service', 'content': texts, 'channels': []}
    result.update(shared)
    return result


def version(data, status=None):
    return Version(1, data, 'a', 't', '', 0, status or {})


class TestLanguageStatus:
    def _callFUT(self, previous, new):
        from kb.cards.versioning import language_status

        return language_status(previous, new)

    def test_first_version_is_current_everywhere(self):
        assert self._callFUT(None, content('a', 'b')) == {
            'fi': 'current', 'sv': 'current'}

    def test_finnish_change_outdates_others(self):
        old = version(content('a', 'b'), {'fi': 'current', 'sv': 'current'})
        assert self._callFUT(old, content('A', 'b')) == {
            'fi': 'current', 'sv': 'outdated'}

    def test_translation_updated_with_finnish_stays_current(self):
        old = version(content('a', 'b'), {'fi': 'current', 'sv': 'current'})
        assert self._callFUT(old, content('A', 'B'))['sv'] == 'current'

    def test_unrelated_change_carries_status_over(self):
        old = version(content('a', 'b'), {'fi': 'current', 'sv': 'outdated'})
        assert self._callFUT(old, content('a', 'b', channels=['counter'])
                             )['sv'] == 'outdated'

    def test_new_language_is_current(self):
        old = version(content('a'), {'fi': 'current'})
        assert self._callFUT(old, content('A', 'b'))['sv'] == 'current'


class TestDiff:
    def _callFUT(self, old, new):
        from kb.cards.versioning import diff

        return diff(old, new)

    def test_identical_versions_have_no_changes(self):
        assert self._callFUT(content('a', 'b'), content('a', 'b')) == {
            'languages': {}, 'fields': []}

    def test_added_and_removed_languages(self):
        result = self._callFUT(content('a'), content(None, 'b'))
        assert result['languages']['fi']['status'] == 'removed'
        assert result['languages']['sv']['status'] == 'added'
        change = result['languages']['sv']['changes'][0]
        assert 'words' not in change and change['from'] is None

    def test_shared_field_change(self):
        result = self._callFUT(content('a'),
                               content('a', channels=['remote']))
        assert result['fields'] == [
            {'field': 'channels', 'from': [], 'to': ['remote']}]

    def test_word_level_replace(self):
        result = self._callFUT(content('yksi kaksi kolme'),
                               content('yksi neljä kolme'))
        assert result['languages']['fi']['changes'][0]['words'] == [
            ['equal', 'yksi'], ['delete', 'kaksi'], ['insert', 'neljä'],
            ['equal', 'kolme']]


def test_version_content_cannot_be_mutated_through_reads():
    stored = version(content('a'))
    data = stored.content
    data['content']['fi']['summary'] = 'changed'
    assert stored.content['content']['fi']['summary'] == 'a'


def test_restore_note_reads_the_number_and_old_english_notes():
    from kb.cards.versioning import restore_note

    old = version(content('a'))
    old.comment = 'Restored version 3: Väärä ikäraja'
    assert restore_note(old) == (3, 'Väärä ikäraja')
    old.comment = 'Restored version 2'
    assert restore_note(old) == (2, '')
    old.comment = 'Tarkennus'
    assert restore_note(old) == (None, 'Tarkennus')
    old.restored, old.comment = 4, 'Väärä ikäraja'
    assert restore_note(old) == (4, 'Väärä ikäraja')


class TestOutdatedSince:
    """The date a reader is told the Finnish changed."""

    def card(self, *rows):
        """A card of versions ``(created, fi, sv, sv status)``."""
        class Card:
            versions = {}
        for number, (created, fi, sv, status) in enumerate(rows, 1):
            Card.versions[number] = Version(
                number, content(fi, sv), 'a', created, '', number - 1,
                {'fi': 'current', 'sv': status})
        return Card

    def _callFUT(self, card, number, lang='sv'):
        from kb.cards.versioning import outdated_since

        return outdated_since(card, number, lang)

    def test_the_first_version_with_the_present_finnish_text_counts(self):
        card = self.card(
            ('2026-01-01T10:00:00Z', 'a', 'b', 'current'),
            ('2026-03-01T22:30:00Z', 'A', 'b', 'outdated'),
            ('2026-04-01T10:00:00Z', 'A', 'b', 'outdated'))
        # NB: the Helsinki day (UTC+2 in March)
        assert self._callFUT(card, 3) == '2026-03-02'
        assert self._callFUT(card, 1) is None
        assert self._callFUT(card, 3, 'fi') is None
        assert self._callFUT(card, 3, 'se') is None
