import pytest

from conftest import make_cadre
from gonghui.accounts.roles import UNION_STAFF

from .factories import make_line


@pytest.fixture
def treasurer(world):
    """The 工会管理员 of org A: holds ledger.manage and ledger.reveal there."""
    return world.org_admin


@pytest.fixture
def other_treasurer(world):
    """The 工会管理员 of org B: the same actions, on another union."""
    return world.outsider


@pytest.fixture
def staff_a(world):
    """A 工会干事 of org A: a cadre of the union without the ledger actions."""
    return make_cadre("staff_a", world.org_a, role=UNION_STAFF)


@pytest.fixture
def line(world):
    return make_line(world.org_a, amount="1000.00")
