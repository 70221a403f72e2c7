"""Likely hair-loss type, red flags, mesotherapy contraindications and their explanations (plain Python).

from bot.clinical import assess, explain_mesotherapy, explain_result
"""

from .assessment import Assessment, Evidence, Flag
from .explanations import explain_mesotherapy, explain_result
from .reasoning import assess

__all__ = ["assess", "Assessment", "Evidence", "Flag", "explain_mesotherapy", "explain_result"]
