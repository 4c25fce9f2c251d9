"""Who says each Russian statement: names in the nominative, pronouns, roles, press services."""
