"""Everything the user sees: Rich screens, plain lines and JSON documents."""
