"""Workflow files: every shipped file loads; bad files name file+line."""
from pathlib import Path

import pytest

from tests.conftest import HERE

WORKFLOWS = Path(HERE) / 'workflows'

VALID = '''\
[workflow]
title = "Test"
default = true
initial = "draft"
history = ["provider_editor"]

[states.draft]
stage = "working"
view = ["provider_editor"]
edit = ["provider_editor"]
title = "Draft"

[states.published]
stage = "live"
view = ["public"]
title = "Published"

[transitions.approve]
from = ["draft"]
to = "published"
roles = ["central_editor"]
guards = ["finnish_present"]
title = "Approve and publish"
'''


def _callFUT(path):
    from kb.cards.workflow import load_workflow

    return load_workflow(path)


@pytest.mark.parametrize('path', sorted(WORKFLOWS.glob('*.toml')),
                         ids=lambda p: p.name)
def test_every_shipped_workflow_file_loads(path):
    workflow = _callFUT(path)
    assert workflow.states[workflow.initial].stage == 'working'
    live = [s for s in workflow.states.values() if s.stage == 'live']
    assert len(live) == 1
    for transition in workflow.transitions.values():
        assert transition.target in workflow.states


def test_stage_of_names_a_states_stage_and_none_outside_the_workflow():
    workflow = _callFUT(WORKFLOWS / 'default.toml')
    assert workflow.stage_of(workflow.initial) == 'working'
    assert workflow.stage_of('retired') == 'retired'
    assert [workflow.stage_of(state) for state in ('scheduled',
                                                   'superseded')] == [
        None, None]


def test_shipped_workflows_assign_providers():
    from kb.cards.workflow import load_workflows

    workflows = load_workflows(WORKFLOWS)
    assert workflows.for_provider('poliisi').name == 'provider-review'
    assert workflows.for_provider('kela').name == 'provider-review'
    assert workflows.for_provider('central').name == 'central'
    for code in ('vero', 'maistraatti', 'te', 'kunta'):
        assert workflows.for_provider(code).name == 'default'
    review = workflows.for_provider('kela')
    assert review.transitions['accept'].roles == ('provider_reviewer',)
    assert review.transitions['return'].comment_required


def write(tmp_path, text, name='test.toml'):
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.mark.parametrize('old, new, line, words', [
    ('to = "published"', 'to = "publishd"', 20, 'unknown state "publishd"'),
    ('from = ["draft"]', 'from = ["drafty"]', 19, 'unknown state "drafty"'),
    ('roles = ["central_editor"]', 'roles = ["boss"]', 21,
     'unknown role "boss"'),
    ('view = ["public"]', 'view = ["public", "wizard"]', 15,
     'unknown role "wizard"'),
    ('guards = ["finnish_present"]', 'guards = ["is_nice"]', 22,
     'unknown guard "is_nice"'),
    ('stage = "live"', 'stage = "alive"', 14, 'unknown stage "alive"'),
    ('initial = "draft"', 'initial = "published"', 4,
     '"initial" must name a working state'),
    ('title = "Test"', 'title = "Test"\nproviders = ["acme"]', 3,
     'unknown provider "acme"'),
    ('edit = ["provider_editor"]', 'edit = ["provider_editor"]\ncolour = 1',
     11, 'unknown key "colour"'),
    ('title = "Published"', 'title = 7', 16, '"title" must be a text'),
    ('title = "Approve and publish"', 'title = " "', 23,
     '"title" must be a text'),
    ('title = "Draft"\n', '', 7, '"title" must be a text'),
])
def test_bad_file_stops_with_file_and_line(tmp_path, old, new, line, words):
    from kb.cards.workflow import WorkflowError

    assert old in VALID
    path = write(tmp_path, VALID.replace(old, new, 1))
    with pytest.raises(WorkflowError) as info:
        _callFUT(path)
    message = str(info.value)
    assert message.startswith(f'{path}, line {line}: ')
    assert words in message


def test_toml_syntax_error_names_file(tmp_path):
    from kb.cards.workflow import WorkflowError

    path = write(tmp_path, '[workflow\n')
    with pytest.raises(WorkflowError, match=str(path)):
        _callFUT(path)


def test_no_way_back_from_live_to_working(tmp_path):
    from kb.cards.workflow import WorkflowError

    path = write(tmp_path, VALID + '''
[transitions.unpublish]
from = ["published"]
to = "draft"
roles = ["central_editor"]
title = "Unpublish"
''')
    with pytest.raises(WorkflowError, match='line 27'):
        _callFUT(path)


def test_exactly_one_default_and_one_workflow_per_provider(tmp_path):
    from kb.cards.workflow import WorkflowError, load_workflows

    write(tmp_path, VALID, 'a.toml')
    write(tmp_path, VALID, 'b.toml')
    with pytest.raises(WorkflowError, match='Exactly one'):
        load_workflows(tmp_path)
    write(tmp_path, VALID.replace('default = true',
                                  'providers = ["kela"]'), 'b.toml')
    write(tmp_path, VALID.replace('default = true',
                                  'providers = ["kela"]'), 'c.toml')
    with pytest.raises(WorkflowError, match='provider "kela" already'):
        load_workflows(tmp_path)
    with pytest.raises(WorkflowError, match='no workflow files'):
        load_workflows(tmp_path / 'nothing')


def test_app_refuses_to_start_with_a_bad_workflow(tmp_path, app_settings):
    from kb import main
    from kb.cards.workflow import WorkflowError

    write(tmp_path, VALID.replace('"central_editor"]', '"boss"]'))
    settings = dict(app_settings, **{'kb.workflows_dir': str(tmp_path)})
    with pytest.raises(WorkflowError, match=r'test.toml, line 21'):
        main({}, **settings)


def test_changed_workflow_files_resync_card_acls(as_user, published_card,
                                                 app, database):
    from kb import security
    from kb.runtime.startup import prepare

    published_card()
    with database as root:
        card = root['cards']['kela-testikortti']
        card.__acl__ = ()
        root.workflow_digest = 'old'
    prepare(database.db, app.registry)
    with database as root:
        card = root['cards']['kela-testikortti']
        assert any(ace[2] == security.VIEW for ace in card.__acl__)
        assert root.workflow_digest == app.registry.workflows.digest


@pytest.mark.parametrize('old, new, words', [
    ('[states.published]', '[states.published]\n[colours]', 'unknown table'),
    ('view = ["provider_editor"]', 'view = "provider_editor"',
     '"view" must be a list of roles'),
    ('from = ["draft"]', 'from = "draft"', '"from" must list states'),
    ('guards = ["finnish_present"]', 'guards = "finnish_present"',
     '"guards" must be a list'),
    ('guards = ["finnish_present"]', 'comment = "sometimes"',
     '"comment" must be "optional" or "required"'),
    ('roles = ["central_editor"]', 'roles = []', '"roles" must name'),
    ('stage = "live"', 'stage = "working"',
     'exactly one state must have stage = "live"'),
])
def test_more_bad_files(tmp_path, old, new, words):
    from kb.cards.workflow import WorkflowError

    path = write(tmp_path, VALID.replace(old, new, 1))
    with pytest.raises(WorkflowError, match=words):
        _callFUT(path)


def test_state_and_transition_must_be_tables(tmp_path):
    from kb.cards.workflow import WorkflowError

    for table in ('states', 'transitions'):
        path = write(tmp_path, VALID + f'[{table}]\nbroken = 1\n')
        with pytest.raises(WorkflowError, match='must be a table'):
            _callFUT(path)


def test_titles_are_messages_of_the_catalogue(tmp_path):
    """The pages translate a state's or transition's file title."""
    from pyramid.i18n import TranslationString

    workflow = _callFUT(write(tmp_path, VALID))
    for titled in (workflow.states['draft'],
                   workflow.transitions['approve']):
        assert isinstance(titled.title, TranslationString)
        assert titled.title.domain == 'kb'
    assert workflow.states['draft'].title == 'Draft'
