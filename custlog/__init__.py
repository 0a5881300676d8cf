"""custlog: a command-line customer log."""

__version__ = "0.2.0"
