"""The log as a file: opening it, every line of SQL, every migration."""
