"""User accounts: users, their roles and tokens, login throttling."""
