"""tracker: a store of dated space events, with their precision, history and sources.

Importing this package is cheap on purpose: the database layer, rich and click are imported only by the
commands that need them.
"""

__version__ = "0.1.0"
