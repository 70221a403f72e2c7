"""The names of the conversation's slots besides the questions' own (bot/intake/questions.yml).

The one place they are spelled: the form, the actions, the tracker store, the staff app and the test of
domain.yml all read them here. Importing this module loads nothing else."""

from __future__ import annotations

REQUESTED = "requested_slot"  # Rasa's: the question the form is asking

# The intake
CONSENT = "consent"  # True / False once the patient answered; None before
CONFIRM = "summary_confirmed"  # the patient confirmed the read-back
RETRIES = "intake_retries"  # failed replies per question
STATUS = "intake_status"  # in_progress, declined, declined_told, stopped, confirmed, complete
WAITING_FOR_CHANGE = "confirm_waiting_for_change"  # the read-back needs a change and we asked what
DESCRIPTION_READING = "description_reading"  # bot.nlp's reading of the description, for the assessment
OTHER_ANSWERS = "other_answers"  # question slot -> the patient's own words where no option fits
PENDING_PROPOSAL = "pending_proposal"  # facts read beyond the question asked, shown for the patient to fix
PENDING_CONFIRMATION = "pending_confirmation"  # a state change (handoff, start_over, cancel) awaiting yes
ASSESSMENT = "assessment"  # bot.clinical's assessment of the confirmed intake (a dict)
SAVED = "intake_saved"  # False while a confirmed intake waits to be stored
INTAKE_ID = "intake_id"  # the stored intake's id, linked to the booking
HANDOFF = "handoff_requested"  # the patient asked for a member of staff

# Booking questions (asked by the same form after the intake)
WANTS_BOOKING = "wants_booking"
BOOKING_TIME = "booking_time"
PHONE = "phone"
EMAIL = "email"
BOOKING_CONFIRMED = "booking_confirmed"
MANAGE_LOOKUP = "manage_lookup"  # reference and phone of an appointment to change
BOOKING_QUESTIONS = (WANTS_BOOKING, BOOKING_TIME, PHONE, EMAIL, BOOKING_CONFIRMED, MANAGE_LOOKUP)

# Booking state
BOOKING_REFERENCE = "booking_reference"  # this conversation's booked appointment
BOOKING_ALTERNATIVES = "booking_alternatives"  # free times offered when the wanted one is not free
MANAGE = "manage"  # "cancel" or "reschedule" while the patient changes an appointment
MANAGE_REFERENCE = "manage_reference"  # the appointment being changed
MANAGE_PHONE = "manage_phone"  # the phone number it was booked with
BOOKING_STATE = (BOOKING_REFERENCE, BOOKING_ALTERNATIVES, MANAGE, MANAGE_REFERENCE, MANAGE_PHONE)

ERASURE_PENDING = "erasure_pending"  # "delete my data" waits for the patient's yes or no

# Slots the conversation logic reads besides the questions (the actions pass these to it).
STATE = (
    RETRIES,
    STATUS,
    WAITING_FOR_CHANGE,
    HANDOFF,
    OTHER_ANSWERS,
    PENDING_PROPOSAL,
    PENDING_CONFIRMATION,
    DESCRIPTION_READING,
    ASSESSMENT,
    SAVED,
    INTAKE_ID,
    *BOOKING_STATE,
)
# Slots holding what the patient told about themselves besides the answers to the intake questions.
PATIENT_FACTS = (PHONE, EMAIL, MANAGE_PHONE, DESCRIPTION_READING, OTHER_ANSWERS, PENDING_PROPOSAL)
