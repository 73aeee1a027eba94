"""cpclint: a plain-language linter for child protection conference reports.

The library API (used by the CLI, the tests and any editor integration):

    from cpclint import check_path, check_text
    report = check_text("It was agreed that the threshold was met.", path="draft.txt")
    for finding in report.findings: ...
"""

__version__ = "0.1.0"

__all__ = ["FileReport", "check_document", "check_path", "check_text", "__version__"]


def __getattr__(name: str):
    # Lazy, so `import cpclint` stays cheap for tools that only need a submodule.
    if name in __all__:
        from cpclint import api

        return getattr(api, name)
    raise AttributeError(name)
