"""Egypt Post wallet accounts: who may open one. The wallet itself is a ledger account. Pure."""
