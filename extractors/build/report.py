"""Ofsted inspection reports (to come)."""


def build(layout, settings):
    return None
