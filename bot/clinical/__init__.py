"""Likely hair-loss type, red flags, mesotherapy contraindications and explanations (plain Python).

    from bot.clinical import assess, explain_mesotherapy, explain_result, faq_answer, faq_topics
"""
from .assess import assess
from .assessment import Assessment, Evidence, Flag
from .explanations import explain_mesotherapy, explain_result, faq_answer, faq_topics

__all__ = ["assess", "Assessment", "Evidence", "Flag", "explain_mesotherapy", "explain_result",
           "faq_answer", "faq_topics"]
