"""Page templates, compiled one at a time and ahead of the first page.

Chameleon compiles a template to Python on its first render, through
Python's ``ast`` module. On CPython 3.11 two threads building ASTs at
once can fail with ``SystemError: AST constructor recursion depth
mismatch`` (python/cpython#106905: the depth counter is shared by the
threads); after a restart under load several server threads met their
first page together and one answered 500. So every compilation here
takes one lock (the templates a page loads with ``load:`` are of the
same class, so they take it too), and the warm-up compiles every theme's
pages before the node says it is ready (:func:`cook_all`), which also
spares the first visitor of each page the compilation.
"""
from pathlib import Path
import threading

from pyramid.decorator import reify
from pyramid.renderers import get_renderer
from pyramid_chameleon import renderer
from pyramid_chameleon.zpt import (
    PyramidPageTemplateFile,
    ZPTTemplateRenderer,
)

from kb.layout import template_path

COMPILING = threading.Lock()


class SerialPageTemplateFile(PyramidPageTemplateFile):
    """A page template whose compilation holds :data:`COMPILING`."""

    def cook(self, body):
        with COMPILING:
            super().cook(body)


class SerialTemplateRenderer(ZPTTemplateRenderer):
    """pyramid_chameleon's renderer, with :class:`SerialPageTemplateFile`."""

    @reify
    def template(self):
        return SerialPageTemplateFile(
            self.path,
            auto_reload=self.lookup.auto_reload,
            debug=self.lookup.debug,
            translate=self.lookup.translate,
            macro=self.macro,
        )


def renderer_factory(info):
    """The ``.pt`` renderer factory."""
    return renderer.template_renderer_factory(info, SerialTemplateRenderer)


def cook_all(registry):
    """Compile every page template of every theme.

    :returns: the number of templates.
    """
    settings = registry.settings
    paths = [template_path(settings, found.parent.parent.name, found.name)
             for found in Path(settings['kb.themes_dir']).glob(
                 '*/templates/*.pt')]
    for path in paths:
        get_renderer(path, registry=registry).implementation().cook_check()
    return len(paths)


def includeme(config):
    """pyramid_chameleon's set-up, with :func:`renderer_factory` for
    ``.pt`` (the only templates there are)."""
    config.add_renderer('.pt', renderer_factory)
    config.include('pyramid_chameleon.localization')
