"""Plain service functions per domain; routes call these, these call the Session."""
