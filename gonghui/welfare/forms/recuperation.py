"""Forms of 疗休养 programmes, batches, places (part `recuperation`)."""
