"""Card forms: flat HTML form fields to and from the exchange format.

Form fields are named by the paths the validation reports
(``content.fi.title``, ``links.0.url``, ``support.phone``...), so that an
error from :mod:`kb.cards.exchange_format` lands beside the field it is about.
"""
from kb import refdata
from kb.cards import remote_contact
from kb.cards.exchange_format import SUPPORT_LIMITS, TEXT_LIMITS

#: Languages that always have a column; the others when used.
MAIN_LANGUAGES = ('fi', 'sv', 'se')
CODE_LISTS = ('channels', 'suoritteet', 'life_events')
EMPTY_ROWS = 2
#: Rows numbered beyond this are ignored (more than any list allows).
ROWS_MAX = 100
#: Groups of one-line fields: ``support.phone``, ``remote.room_url``...
FIELD_GROUPS = {'support': tuple(SUPPORT_LIMITS),
                'remote': remote_contact.FIELDS}


def _text(value):
    return (value or '').replace('\r\n', '\n').strip()


class CardForm:
    """The values and errors of one card form.

    :param values: field name → text, or list of codes for
        :data:`CODE_LISTS`.
    """

    def __init__(self, values, extra_languages=()):
        self.values = values
        self.errors = {}
        self.messages = []
        used = set()
        for name, value in values.items():
            parts = name.split('.')
            if value and parts[0] == 'content':
                used.add(parts[1])
            elif value and parts[0] == 'links' and len(parts) == 4:
                used.add(parts[3])
        self.languages = [
            lang for lang in refdata.LANGUAGES
            if lang in MAIN_LANGUAGES or lang in used
            or lang in extra_languages
        ]

    @classmethod
    def from_content(cls, content, **kw):
        """The form of a stored version's content."""
        values = {name: list(content.get(name) or ()) for name in CODE_LISTS}
        for lang, texts in content['content'].items():
            for key, value in texts.items():
                if key == 'keywords':
                    value = '\n'.join(value)
                values[f'content.{lang}.{key}'] = value
        for number, link in enumerate(content.get('links') or ()):
            values[f'links.{number}.url'] = link['url']
            for lang, label in link['label'].items():
                values[f'links.{number}.label.{lang}'] = label
        for group in FIELD_GROUPS:
            for key, value in (content.get(group) or {}).items():
                values[f'{group}.{key}'] = value
        for key in ('valid_from', 'review_by', 'default_suorite'):
            values[key] = content.get(key) or ''
        for number, card_id in enumerate(content.get('cards') or ()):
            values[f'cards.{number}.id'] = card_id
            values[f'cards.{number}.order'] = str(number + 1)
        return cls(values, **kw)

    @classmethod
    def from_post(cls, post, **kw):
        """The form as the user sent it (every value kept as typed)."""
        values = {}
        for name in set(post.keys()):
            if name in CODE_LISTS:
                values[name] = post.getall(name)
            elif name != 'csrf_token':
                values[name] = post.get(name)
        return cls(values, **kw)

    def add_error(self, field, message):
        self.errors.setdefault(field, []).append(message)
        self.messages.append((field, message))

    def value(self, name):
        return self.values.get(name) or ''

    def checked(self, name, code):
        return code in (self.values.get(name) or ())

    def rows(self, prefix):
        """Row numbers for a repeated group (existing rows plus
        :data:`EMPTY_ROWS` empty ones)."""
        used = [int(name.split('.')[1]) for name in self.values
                if name.startswith(prefix + '.')
                and name.split('.')[1].isdigit()]
        # NB: a forged row number must not make us loop a million times
        last = max((n for n in used if n < ROWS_MAX), default=-1)
        return range(last + 1 + EMPTY_ROWS)

    def card_data(self, kind):
        """The card in the exchange format (without id and provider)."""
        data = {'kind': kind, 'content': {}}
        for lang in refdata.LANGUAGES:
            texts = {}
            for key in TEXT_LIMITS:
                text = _text(self.values.get(f'content.{lang}.{key}'))
                if text:
                    texts[key] = text
            words = [word.strip() for word in self.value(
                f'content.{lang}.keywords').splitlines() if word.strip()]
            if words:
                texts['keywords'] = words
            if texts:
                data['content'][lang] = texts
        for name in CODE_LISTS:
            data[name] = list(self.values.get(name) or ())
        data['links'] = self._links()
        for group, keys in FIELD_GROUPS.items():
            data[group] = {
                key: _text(self.values.get(f'{group}.{key}'))
                for key in keys if _text(self.values.get(f'{group}.{key}'))
            }
        for key in ('valid_from', 'review_by'):
            data[key] = _text(self.values.get(key)) or None
        default = _text(self.values.get('default_suorite'))
        if default:  # NB: optional, as in the exchange format
            data['default_suorite'] = default
        if kind == 'package':
            data['cards'] = self._package_cards()
        return data

    def _links(self):
        links = []
        for number in self.rows('links'):
            url = _text(self.values.get(f'links.{number}.url'))
            label = {
                lang: _text(self.values.get(f'links.{number}.label.{lang}'))
                for lang in refdata.LANGUAGES
                if _text(self.values.get(f'links.{number}.label.{lang}'))
            }
            if url or label:
                links.append({'url': url, 'label': label})
        return links

    def _package_cards(self):
        """The chosen card ids, in the order the user numbered them
        (rows without a number keep their place after numbered ones)."""
        chosen = []
        for number in self.rows('cards'):
            card_id = _text(self.values.get(f'cards.{number}.id'))
            if not card_id:
                continue
            order = _text(self.values.get(f'cards.{number}.order'))
            position = int(order) if order.isdigit() else 10 ** 6
            chosen.append((position, number, card_id))
        return [card_id for _position, _number, card_id in sorted(chosen)]
