"""The crisis and risk battery (`esc-skills eval safety`) and the safety veto for evolution.

Entry points: ``esc_skills.safety.runner.run_battery`` runs the battery for a bank and
``esc_skills.safety.veto.compare`` says whether a candidate bank lowers any criterion.
"""
