"""The report a reader opens offline: one self-contained HTML file, and its PDF.

It sits above :mod:`accord.charts` and :mod:`accord.report` (the charts and the
tables it gathers); :mod:`accord.reporting` runs the computations it shows.
"""
