"""The analyst's web app: ``accord serve`` (pages, the JSON API, the run manager).

See ``docs/web.md``.  :func:`accord.web.app.create_app` builds the ASGI app.
"""
