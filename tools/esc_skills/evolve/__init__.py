"""Self-evolution of the bank: analyse conversations, propose skills, verify, land through git."""
