"""Translated names of the codes the editor pages show.

Workflow files name states and transitions in English for developers;
the pages show these names instead, falling back to the file's title
for a state or transition not listed here.
"""
from kb.i18n import _

LANGUAGE_NAMES = {
    'fi': _('Finnish'),
    'sv': _('Swedish'),
    'se': _('Northern Sámi'),
    'smn': _('Inari Sámi'),
    'sms': _('Skolt Sámi'),
    'en': _('English'),
}
FIELD_LABELS = {
    'title': _('Title'),
    'summary': _('Summary'),
    'description': _('Description (Markdown)'),
    'user_instructions': _('Instructions for the customer (Markdown)'),
    'plain_summary': _('Summary in plain language'),
    'advisor_instructions': _('Instructions for advisors (Markdown)'),
    'keywords': _('Keywords, one a line'),
}
KIND_LABELS = {
    'service': _('Service'),
    'procedure': _('Procedure guide'),
    'package': _('Service package'),
}
CHANNEL_LABELS = {
    'electronic': _('E-service'),
    'remote': _('Remote service'),
    'counter': _('At the counter'),
    'expert_visit': _('Expert visit'),
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
STATE_LABELS = {
    'draft': _('Draft'),
    'provider_review': _('Provider review'),
    'central_review': _('Central review'),
    'published': _('Published'),
    'retired': _('Retired'),
    'scheduled': _('Scheduled'),
    'superseded': _('Superseded'),
}
TRANSITION_LABELS = {
    'submit': _('Submit for review'),
    'accept': _('Accept and send to central review'),
    'reject': _('Return to the editor'),
    'withdraw': _('Withdraw from review'),
    'approve': _('Approve and publish'),
    'return': _('Return to the provider'),
    'publish': _('Publish'),
    'retire': _('Retire'),
}
NOTICE_KINDS = {
    'disruption': _('Disruption'),
    'change': _('Change'),
}


def state_label(workflow, state):
    """The name of ``state`` (a version's state may be outside the
    workflow: scheduled, superseded)."""
    if state in STATE_LABELS:
        return STATE_LABELS[state]
    known = workflow.states.get(state)
    return known.title if known else state


def transition_label(transition):
    return TRANSITION_LABELS.get(transition.name, transition.title)


FLAG_REASONS = {
    'wrong': _('Wrong'),
    'unclear': _('Unclear'),
    'outdated': _('Out of date'),
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
