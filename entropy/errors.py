"""Exceptions raised by the package.

Every error that a user can cause (a bad scenario file, an unknown lever, a
missing model) is an :class:`EntropyError` whose message names the file, the key
and what is allowed, so that the command line can print it as it is.
"""

from __future__ import annotations


class EntropyError(Exception):
    """Base class of the errors a user can cause; the message is for people."""


class ModelError(EntropyError):
    """A model file is missing, unreadable or cannot be translated."""


class ScenarioError(EntropyError):
    """A scenario file is malformed or does not fit its model."""


class EngineError(EntropyError):
    """An engine failed to run a valid scenario."""


class NonFiniteError(EngineError):
    """A run produced NaN or infinity (or divided by zero); the message names
    the first variable and time."""


class MissingVariableError(EntropyError, KeyError):
    """A result lacks a variable that an indicator or summary needs.

    Also a ``KeyError``, for code that looks variables up by name.
    """

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""
