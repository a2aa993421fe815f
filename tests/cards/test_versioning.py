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
