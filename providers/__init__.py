"""Medical organisations at the front desk: a receptionist enters a patient's IIN and a reason, and learns
whether the patient is insured and which package applies today; every look-up is stored and written to the
access log, and the patient sees who looked them up.

Provider accounts are work logins: a `User` whose username is the employee's IIN, linked by fund staff to one
medical organisation. They sign in through the portal's own sign-in page, never the admin.

Imports: accounts, payments and coverage; nothing imports this app except the portal's wiring.
"""
