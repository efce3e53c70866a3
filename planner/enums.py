"""Enumerations whose every member carries its own docstring (`Member.__doc__`), for
`help()`, editors and the docs: a member is written `NAME = "value", "What it means."`."""

from __future__ import annotations

from enum import StrEnum


class DocumentedEnum(StrEnum):
    """A string enumeration; each member is its value (it compares, prints and serializes as
    the string) and has a docstring of its own."""

    def __new__(cls, value: str, doc: str = ""):
        member = str.__new__(cls, value)
        member._value_ = value
        member.__doc__ = doc
        return member
