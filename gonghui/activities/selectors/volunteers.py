"""Selectors of part volunteers — volunteer service: teams, volunteers, projects, service records with hours, 公示, 证明, training and awards, yearly totals, export."""
