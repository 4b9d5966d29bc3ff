"""Messaging tests: outbox, templates, compliance, polling, automations, CLI, crash safety."""
