"""Household entitlements by period: granted on first use, closed lazily at the next touch.

No job runs over the whole population at a month's start: a household's ration credit and
bread quota for a month are granted when it first uses them that month, from its members at
the month's start; the previous month is closed at the same moment (unused ration credit
lapses, undrawn loaves become bread points spendable in the new month, last month's unspent
points lapse). A month never touched drew no bread: its whole quota earns points.
"""
