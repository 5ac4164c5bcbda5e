"""Template tags of part review: `{% review_card article user as card %}` gives the article page's review card its
levels and buttons for the viewing user (`news/review/_review_card.html` loads it itself)."""

from typing import Any

from django import template

from ..selectors.review import ReviewCard
from ..selectors.review import review_card as card_for

register = template.Library()


@register.simple_tag
def review_card(article: Any, user: Any) -> ReviewCard:
    return card_for(article, user)
