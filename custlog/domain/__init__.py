"""The rules and the use cases: what custlog knows about customers, with no Typer, Rich or SQL."""
