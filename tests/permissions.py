"""Running a command as a user without the right to write where the test made things read-only.

``chmod`` does not stop root (CI runs as root), unless root gives up the capabilities
that override file permissions; ``setpriv`` runs the command so.
"""

from __future__ import annotations

import os
import shutil

import pytest

_DROP = "-dac_override,-dac_read_search"


def unprivileged(command: list[str]) -> list[str]:
    """The command, made to obey file permissions also when this process is root."""
    if os.geteuid() != 0:
        return command
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv (util-linux): chmod cannot make a file read-only for root")
    return [setpriv, f"--inh-caps={_DROP}", f"--bounding-set={_DROP}", "--", *command]
