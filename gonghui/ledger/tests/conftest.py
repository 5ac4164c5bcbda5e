import pytest

from conftest import make_cadre
from gonghui.accounts.roles import SYSADMIN

from .factories import make_line


@pytest.fixture
def treasurer(world):
    """A holder of ledger.manage and ledger.reveal on org A (a 系统管理员 grant there, until the built-in
    union_admin role carries the ledger actions)."""
    return make_cadre("treasurer_a", world.org_a, role=SYSADMIN)


@pytest.fixture
def other_treasurer(world):
    return make_cadre("treasurer_b", world.org_b, role=SYSADMIN)


@pytest.fixture
def line(world):
    return make_line(world.org_a, amount="1000.00")
