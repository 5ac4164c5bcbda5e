"""Services of part exercise — 工间操: routines with their video, adoption by units, sessions and participation, rates rolled up the tree."""
