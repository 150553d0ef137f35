"""Fixtures shared by the tests of this folder."""

import pytest

from generated import in_git_clone
from layout import ROOT, committed_copy


@pytest.fixture
def project_clone(tmp_path):
    """A git repository in a temporary folder: the project's files as they are on disk
    (uncommitted changes included), in one commit."""
    if not in_git_clone(ROOT):
        pytest.skip("the clone is made from git's list of the project's files: no git here")
    return committed_copy(tmp_path)
