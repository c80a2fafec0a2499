"""What the hub keeps: metadata in one SQLite file (users, organizations and personal keys;
datasets and files; SSO logins in progress and browser sessions) and uploaded tables as Arrow
files, received in chunks and checked before they are kept."""
