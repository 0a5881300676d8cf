"""The log: opening it (`database`), its schema and migrations, and every line of SQL, one
module per kind of record, behind the `Store` facade (`store`)."""
