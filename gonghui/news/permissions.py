"""Who may do what in 宣传. A union's admin and staff write articles for their union (`news.write`, drafting,
columns, 投稿 upward); reviewers (`news.review`: the union's admin and the 宣传审核员 role) pass or return the
levels of a review round — never their own article, never two levels of one round; `news.manage` (the union's
admin) sets the number of review levels, adopts or declines 投稿 to its channel, withdraws published articles and,
on the root of the tree, keeps the sensitive-word list. The auditor holds `news.view`. Members read published
articles of the unions above them on the portal; 公开 articles are read by anyone."""

from typing import Any

from gonghui.accounts.scoping import has_action

VIEW = "news.view"
WRITE = "news.write"
REVIEW = "news.review"
MANAGE = "news.manage"
REVIEWER_ROLE = "news_reviewer"


def can_write_for(user: Any, org: Any) -> bool:
    return has_action(user, WRITE, org)


def can_review_for(user: Any, org: Any) -> bool:
    return has_action(user, REVIEW, org)


def can_manage_for(user: Any, org: Any) -> bool:
    return has_action(user, MANAGE, org)
