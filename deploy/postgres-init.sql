-- The second database of deploy/compose.yml's PostgreSQL: conversations (Rasa's tracker store). The clinic
-- database is POSTGRES_DB. Run once, when the data volume is first created.
CREATE DATABASE tracker OWNER skn;
