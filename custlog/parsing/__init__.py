"""Reading what people type: dates, periods and names (pure functions, today passed in)."""
