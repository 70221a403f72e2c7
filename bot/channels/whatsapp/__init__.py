"""The WhatsApp Cloud API channel; registered in credentials.yml as `bot.channels.whatsapp.WhatsAppChannel:`."""

from .channel import WhatsAppChannel

__all__ = ["WhatsAppChannel"]
