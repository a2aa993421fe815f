"""The editor pages' own vocabulary (form fields, work lists,
publication), and the shared names of codes the templates use as
``labels.NAME`` (from :mod:`kb.i18n.labels`)."""
from kb.i18n import _
from kb.i18n.labels import (  # noqa: F401 - for the templates
    CHANNEL_LABELS,
    FLAG_REASONS,
    KIND_LABELS,
    LANGUAGE_NAMES,
    NOTICE_KINDS,
    REMOTE_LABELS,
    state_label,
)

FIELD_LABELS = {
    'title': _('Title'),
    'summary': _('Summary'),
    'description': _('Description (Markdown)'),
    'user_instructions': _('Instructions for the customer (Markdown)'),
    'plain_summary': _('Summary in plain language'),
    'advisor_instructions': _('Instructions for advisors (Markdown)'),
    'keywords': _('Keywords, one a line'),
}
#: Headings of the dashboard lists that have a page of their own.
WORK_LISTS = {
    'returned': _('Returned to me'),
    'drafts': _('My drafts'),
    'in_review': _('Awaiting review'),
    'past_review_by': _('Past the review-by date'),
    'outdated': _('Out-of-date translations'),
    'published': _('Published'),
}
SUPPORT_LABELS = {
    'phone': _('Phone'),
    'hours': _('Opening hours'),
    'note': _('Note'),
}
DATE_LABELS = {
    'valid_from': _('Valid from'),
    'review_by': _('Review by'),
}
#: Texts written in Markdown (these get a live preview).
MARKDOWN_FIELDS = ('description', 'user_instructions',
                   'advisor_instructions')
NOTICE_FIELDS = {
    'title': _('Heading'),
    'body': _('Text'),
    'valid_from': _('In force from'),
    'valid_until': _('In force until'),
}
NOTICE_STATUS = {
    'upcoming': _('Upcoming'),
    'in_force': _('In force'),
    'ended': _('Ended'),
}
#: A notice's other fields, as the error summary names them.
NOTICE_FORM_FIELDS = {
    'provider': _('Provider'),
    'kind': _('Kind'),
    'content': _('Heading'),
    'point': _('Service point'),
    'cards': _('Cards it concerns'),
    'public': _('Show on the public site too'),
}


#: Where a card version is published (the publication log's channels).
PUBLICATION_CHANNELS = {
    'intranet': _('Advisor intranet'),
    'public': _('Public site'),
    'suomifi': _('Suomi.fi'),
}
PUBLICATION_ACTIONS = {
    'publish': _('Published'),
    'schedule': _('Scheduled for'),
    'withdraw': _('Withdrawn'),
    'cancel': _('Scheduled publication cancelled'),
}
PUBLICATION_OUTCOMES = {
    'done': _('Done'),
    'scheduled': _('Scheduled'),
    'pending': _('Waiting to be sent'),
    'failed': _('Failed'),
}
SUOMIFI_STATES = {
    'pending': _('Waiting to be sent'),
    'retrying': _('Will be tried again'),
    'failed': _('Refused'),
    'done': _('Done'),
}
#: Names of the card form's other fields, for error summaries.
FORM_FIELDS = dict(
    DATE_LABELS,
    id=_('Id (lower-case letters, digits and hyphens)'),
    channels=_('Channels'),
    suoritteet=_('Performance types'),
    life_events=_('Life events'),
    links=_('E-services and forms'),
    cards=_('Cards in this package, in order'),
    comment=_('Comment on this version'),
    kind=_('Kind'),
    point=_('Service point (empty: every point)'),
    provider=_('Provider'),
)


def field_name(path):
    """The parts of a form field's name as people read it, for a
    template to join (``content.sv.summary`` → Summary (Swedish)):
    messages are translated where the page renders them."""
    parts = path.split('.')
    if parts[0] == 'content' and len(parts) == 3:
        texts = dict(FIELD_LABELS, **NOTICE_FIELDS)
        if parts[2] in texts and parts[1] in LANGUAGE_NAMES:
            return [texts[parts[2]], ' (', LANGUAGE_NAMES[parts[1]], ')']
    groups = {'support': SUPPORT_LABELS, 'remote': REMOTE_LABELS}
    if parts[0] in groups and parts[-1] in groups[parts[0]]:
        return [groups[parts[0]][parts[-1]]]
    for names in (FORM_FIELDS, NOTICE_FIELDS, NOTICE_FORM_FIELDS):
        if parts[0] in names:
            return [names[parts[0]]]
    return [path]
