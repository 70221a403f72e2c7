"""The intake record: the questions (questions.yml, also the contract of the answers), the structured summary
of one intake, its FHIR export and how it is stored. The conversation that asks the questions is
bot.conversation."""
