"""Console views of part attendance — attendance: the scanner (会员码 or typed number), check-out, the attendance list, no-shows, late arrivals, the report and photos after the event."""
