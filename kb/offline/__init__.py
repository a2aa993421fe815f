"""The intranet as a static site for service points with poor
connections (``kb export intranet DIR``): what advisors may read, as
HTML pages that work from the file system, with a client-side search.
See ``docs/intranet-export.md``.
"""
