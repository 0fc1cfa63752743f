"""Discovery: annotate dialogues into Intervention Units, induce prototypes, clusters, skills."""
