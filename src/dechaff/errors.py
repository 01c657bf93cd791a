"""Errors that stop a run. A bad page is never one of these: it is a Rejection value.

    DechaffError                 exit 1  anything that stops dechaff from doing what was asked
    ├── ConfigError              exit 2  a wrong option or combination of options
    ├── InputError               exit 3  an input that does not exist or cannot be read
    └── OutputError              exit 4  an output that cannot be written
"""

from __future__ import annotations


class DechaffError(Exception):
    """The run cannot proceed; the message is one line meant for the user."""

    exit_code = 1


class ConfigError(DechaffError):
    exit_code = 2


class InputError(DechaffError):
    exit_code = 3


class OutputError(DechaffError):
    exit_code = 4
