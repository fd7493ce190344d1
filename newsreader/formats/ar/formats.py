# Arabic date order for the admin and every |date without a format: Django's own
# ar formats leave DATETIME_FORMAT unset, which falls back to the US "N j, Y, P".
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y، g:i A"
SHORT_DATE_FORMAT = "j‏/n‏/Y"
SHORT_DATETIME_FORMAT = "j‏/n‏/Y، g:i A"
TIME_FORMAT = "g:i A"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
FIRST_DAY_OF_WEEK = 6  # Saturday
