"""Readers: bytes of one format in, one :class:`extractors.layout.Layout` out, with no domain rules."""
