"""Indicators: the force's figures set beside a comparator's ("force in numbers")."""
