"""Who is speaking: entities in the article and resolution of pronouns, roles and surnames."""
