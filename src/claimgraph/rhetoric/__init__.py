"""How it is told: reporting-verb stance and loaded language."""
