"""Forms of 普惠 offers and their redemption (part `offers`)."""
