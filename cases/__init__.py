"""Young people, cases, casework, chronology, risk, plans, reviews, involvement and sharing."""
