"""Crawler declarations of 普惠 offers and their redemption — part `offers` (routes of `views/offers.py`)."""
