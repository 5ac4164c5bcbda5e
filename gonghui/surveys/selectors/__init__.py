"""One module per part: design, answering, results, analysis, calls, projects."""
