"""Reads of 送温暖 and 慰问金 campaigns (part `relief`)."""
