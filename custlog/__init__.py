"""custlog: a command-line customer log."""

__version__ = "0.1.0"
