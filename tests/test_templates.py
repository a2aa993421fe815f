"""Page templates compile one at a time, and the warm-up compiles them
all before the node reports ready."""
from pathlib import Path
import threading

from pyramid.renderers import get_renderer

from kb.layout import template_path
from kb.runtime.warmup import WarmUp
from kb.templates import COMPILING, SerialPageTemplateFile


def page(app, theme, name):
    path = template_path(app.registry.settings, theme, name)
    return get_renderer(path, registry=app.registry).implementation()


def test_pages_and_the_templates_they_load_compile_under_the_lock(app):
    template = page(app, 'public', 'front.pt')
    assert isinstance(template, SerialPageTemplateFile)
    assert isinstance(template._loader('layout.pt'), SerialPageTemplateFile)


def test_a_compilation_waits_for_another_to_finish(app):
    template = page(app, 'base', 'error.pt')
    done = threading.Event()
    compiling = threading.Thread(
        target=lambda: (template.cook_check(), done.set()))
    with COMPILING:
        compiling.start()
        assert not done.wait(0.5)
    compiling.join()
    assert done.is_set()


def test_the_warm_up_compiles_every_page_of_every_theme(app, db):
    themes = app.registry.settings['kb.themes_dir']
    WarmUp(db, app.registry).run()
    pages = sorted(Path(themes).glob('*/templates/*.pt'))
    assert len(pages) > 40
    for path in pages:
        template = page(app, path.parent.parent.name, path.name)
        assert template._cooked, path
