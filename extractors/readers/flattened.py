"""Column-flattened text dumps (to come)."""

NAME = "flattened"


def accepts(text: str) -> bool:
    return False


def read(source, settings):
    raise NotImplementedError
