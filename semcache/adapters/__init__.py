"""Adapters: the drop-in OpenAI client and the @cached decorator."""
