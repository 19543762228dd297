"""Pure scheduling rules: intervals, calendar, conflicts, suggestions, the printed day sheet.

Nothing here touches the database or Qt; ``services.scheduling`` loads what these functions need
in a fixed number of queries and stores what they decide.
"""
