"""What every usage error must look like, for the tests that provoke one."""

from __future__ import annotations

from followup_stats import cli


def assert_usage_error(result: tuple[int, str, str], *fragments: str) -> str:
    """Exit 2, nothing on standard output, one line on standard error holding ``fragments``.

    ``result`` is a run's exit code, standard output and standard error.
    """
    code, out, err = result
    assert code == cli.EXIT_USAGE, (code, out, err)
    assert out == ""
    assert len(err.splitlines()) == 1 and err.startswith("followup-stats: error: "), err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err, err
    return err
