"""Model loading: our own .mdl reader, metadata, PySD's checked translation, scenarios, levers, uncertainty, loops and views files."""
