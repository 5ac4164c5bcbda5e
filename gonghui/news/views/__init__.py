"""Views of 宣传: console pages (`<part>.py`) and the member's pages on the portal (`portal_<part>.py`)."""
