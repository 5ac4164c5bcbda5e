"""Services of part teams — teams sent to events organised above the platform: roster, roles, coach, approval by the city union, results."""
