"""Services of part signup — sign-ups: the organiser's registration list, approval, waiting list, reminders; the member's sign-up and cancellation on the portal; the API."""
