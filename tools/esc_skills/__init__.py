"""ESC-Skills: a git-native bank of emotional-support skills and the tools around it."""

__version__ = "0.1.0"
