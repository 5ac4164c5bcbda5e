"""What the app registers: roles and their actions, scheduled jobs, menu, portal tile, API scope."""

from gonghui.accounts.api_tokens import API_SCOPES
from gonghui.core.registry import menu, portal_tiles, roles, scheduled_jobs


def test_roles_and_their_actions():
    assert roles.get("appeals_handler").actions == {
        "console.access",
        "orgs.view",
        "appeals.view",
        "appeals.handle",
    }
    assert roles.get("appeals_supervisor").actions == {
        "console.access",
        "orgs.view",
        "appeals.view",
        "appeals.handle",
        "appeals.supervise",
        "appeals.reveal",
    }
    lawyer = roles.get("lawyer")
    assert lawyer.label == "律师"
    assert lawyer.actions == {"console.access", "legal.view_assigned", "appeals.view_assigned"}


def test_jobs_menu_tile_and_scope():
    assert {"appeals.due_soon", "appeals.overdue", "appeals.auto_close"} <= set(scheduled_jobs.keys())
    assert menu.get("appeals").url_name == "appeals:appeal_list"
    assert menu.get("appeals.designations").action == "appeals.supervise"
    assert portal_tiles.get("appeals").url_name == "appeals:portal_list"
    assert "appeals:read" in API_SCOPES
