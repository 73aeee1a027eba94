"""Errors a user can fix. The CLI prints them as one plain line and exits 2."""


class CpclintError(Exception):
    """A problem with the user's input, configuration or rule data.

    The message is shown to the user as it is, so it must be one plain sentence
    that names the file (and line, where there is one) and what to do.
    """


class ConfigError(CpclintError):
    pass


class InputError(CpclintError):
    pass
