"""Everything about people's languages: which we speak, our words, their words."""
