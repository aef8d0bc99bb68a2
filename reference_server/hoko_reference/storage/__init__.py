"""SQLite storage: the file and its schema (database), the SQL (repository), server-made ids."""
