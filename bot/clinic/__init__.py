"""The clinic's facts (name, numbers, address, map link, hours, fee, dermatologists, what to bring): one data
file, facts.yml, read by the bot, the booking confirmation and the staff app."""

from .facts import ClinicFacts, Doctor, FactsError, clinic_facts, facts_from_dict, fill, load_facts

__all__ = ["ClinicFacts", "Doctor", "FactsError", "clinic_facts", "facts_from_dict", "fill", "load_facts"]
