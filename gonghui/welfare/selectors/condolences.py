"""Reads of 慰问 standards, payments and visits (part `condolences`)."""
