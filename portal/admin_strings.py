# ruff: noqa: E501 - the strings are Django's, to the letter
"""Strings of Django's admin (and of the parts of Django and django-simple-history it shows) that Django's Kazakh
catalogues leave in English, misspell ("Өзгетру", "өзгету", "үщін") or word against the portal's vocabulary
("Өшіру" for delete, "Құпия сөз", "Қолданушы", "объект"). The project's catalogue comes first (LOCALE_PATHS), so
translating them in locale/kk is enough; they are listed here, with Django's own context and plural forms, so that
`make messages` keeps them. Russian is Django's own wording, copied into locale/ru (django-simple-history's Russian is
for ru_RU, which Django does not read for "ru"). The admin's JavaScript strings are in admin_strings.js.

Nothing here is translated at import: gettext_noop returns its argument, the lazy forms are never evaluated.
test_kazakh_admin checks Django's catalogues against these, so a new Django's new strings show up there.
"""

from django.utils.translation import gettext_noop, ngettext_lazy, pgettext_lazy

# django.contrib.admin: templates, messages, the change log (LogEntry), the filters
ADMIN = [
    gettext_noop("%(app)s administration"),
    gettext_noop("%(class_name)s %(instance)s"),
    ngettext_lazy("%(count)s %(name)s was changed successfully.", "%(count)s %(name)s were changed successfully."),
    gettext_noop("%(full_result_count)s total"),
    gettext_noop("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"),
    ngettext_lazy("%(total_count)s selected", "All %(total_count)s selected"),
    gettext_noop("0 of %(cnt)s selected"),
    gettext_noop("Action"),
    gettext_noop("action flag"),
    gettext_noop("Add"),
    gettext_noop("Add %(name)s"),
    gettext_noop("Add %s"),
    gettext_noop("Add another %(model)s"),
    gettext_noop("Add another %(verbose_name)s"),
    gettext_noop("Add link"),
    gettext_noop("Added {name} “{object}”."),
    gettext_noop("Added “%(object)s”."),
    gettext_noop("Added."),
    gettext_noop("Added:"),
    gettext_noop("Addition"),
    gettext_noop("Administration"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("All dates"),
    gettext_noop(
        'Are you sure you want to delete the %(object_name)s "%(escaped_object)s"? All of the following related items will be deleted:'
    ),
    gettext_noop(
        "Are you sure you want to delete the selected %(objects_name)s? All of the following objects and their related items will be deleted:"
    ),
    gettext_noop("Breadcrumbs"),
    gettext_noop(" By %(filter_title)s "),
    gettext_noop("Cannot delete %(name)s"),
    gettext_noop("Change"),
    gettext_noop("Change %s"),
    gettext_noop("Change history: %s"),
    gettext_noop("change message"),
    gettext_noop("Change my password"),
    gettext_noop("Change or view list link"),
    gettext_noop("Change password"),
    gettext_noop("Change selected %(model)s"),
    gettext_noop("Change:"),
    gettext_noop("Changed {fields} for {name} “{object}”."),
    gettext_noop("Changed {fields}."),
    gettext_noop("Changed “%(object)s” — %(changes)s"),
    gettext_noop("Changed:"),
    gettext_noop("Clear all filters"),
    gettext_noop("Clear selection"),
    gettext_noop("Click here to select the objects across all pages"),
    gettext_noop("Close"),
    gettext_noop("Confirm password:"),
    gettext_noop("content type"),
    gettext_noop("Currently:"),
    gettext_noop("Database error"),
    gettext_noop("Date/time"),
    gettext_noop("Date:"),
    gettext_noop("Delete"),
    gettext_noop("Delete multiple objects"),
    gettext_noop("Delete selected %(model)s"),
    gettext_noop("Delete selected %(verbose_name_plural)s"),
    gettext_noop("Delete?"),
    gettext_noop("Deleted {name} “{object}”."),
    gettext_noop("Deleted “%(object)s.”"),
    gettext_noop("Deleted:"),
    gettext_noop(
        "Deleting %(class_name)s %(instance)s would require deleting the following protected related objects: %(related_objects)s"
    ),
    gettext_noop(
        "Deleting the %(object_name)s '%(escaped_object)s' would require deleting the following protected related objects:"
    ),
    gettext_noop(
        "Deleting the %(object_name)s '%(escaped_object)s' would result in deleting related objects, but your account doesn't have permission to delete the following types of objects:"
    ),
    gettext_noop(
        "Deleting the selected %(objects_name)s would require deleting the following protected related objects:"
    ),
    gettext_noop(
        "Deleting the selected %(objects_name)s would result in deleting related objects, but your account doesn't have permission to delete the following types of objects:"
    ),
    gettext_noop("Deletion"),
    gettext_noop("Disable password-based authentication"),
    gettext_noop("Django administration"),
    gettext_noop("Django site admin"),
    gettext_noop("Documentation"),
    gettext_noop("Email address:"),
    gettext_noop("Empty"),
    gettext_noop("Enable password-based authentication"),
    gettext_noop("Enter a new password for the user <strong>%(username)s</strong>."),
    ngettext_lazy("entry", "entries"),
    gettext_noop("Error:"),
    gettext_noop("Filter"),
    gettext_noop("Filter navigation items"),
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we’ll email instructions for setting a new one."
    ),
    gettext_noop("Go"),
    gettext_noop("Hide counts"),
    gettext_noop("History"),
    gettext_noop("Hold down “Control”, or “Command” on a Mac, to select more than one."),
    gettext_noop("Home"),
    gettext_noop(
        "If you don’t receive an email, please make sure you’ve entered the address you registered with, and check your spam folder."
    ),
    gettext_noop("In case you’ve forgotten, you are:"),
    gettext_noop("Items must be selected in order to perform actions on them. No items have been changed."),
    gettext_noop("log entries"),
    gettext_noop("log entry"),
    gettext_noop("Log in again"),
    gettext_noop("Log out"),
    gettext_noop("LogEntry Object"),
    gettext_noop("Model name"),
    gettext_noop("Models in the %(name)s application"),
    gettext_noop("My actions"),
    gettext_noop("New password:"),
    gettext_noop("No action selected."),
    gettext_noop("No fields changed."),
    gettext_noop("No, take me back"),
    gettext_noop("None"),
    gettext_noop("None available"),
    gettext_noop("Not empty"),
    gettext_noop("object id"),
    gettext_noop("object repr"),
    gettext_noop("Objects"),
    gettext_noop("Password change"),
    gettext_noop("Password reset"),
    gettext_noop("Password reset confirmation"),
    gettext_noop("Past 7 days"),
    ngettext_lazy("Please correct the error below.", "Please correct the errors below."),
    gettext_noop(
        "Please enter the correct %(username)s and password for a staff account. Note that both fields may be case-sensitive."
    ),
    gettext_noop("Please enter your new password twice so we can verify you typed it in correctly."),
    gettext_noop(
        "Please enter your old password, for security’s sake, and then enter your new password twice so we can verify you typed it in correctly."
    ),
    gettext_noop("Please go to the following page and choose a new password:"),
    gettext_noop("Popup closing…"),
    gettext_noop("Recent actions"),
    gettext_noop("Remove"),
    gettext_noop("Remove from sorting"),
    gettext_noop("Reset my password"),
    gettext_noop("Run the selected action"),
    gettext_noop("Save"),
    gettext_noop("Save and add another"),
    gettext_noop("Save and continue editing"),
    gettext_noop("Save and view"),
    gettext_noop("Save as new"),
    gettext_noop("Search"),
    gettext_noop("Select %s"),
    gettext_noop("Select %s to change"),
    gettext_noop("Select %s to view"),
    gettext_noop("Select all %(total_count)s %(module_name)s"),
    gettext_noop("Select all objects on this page for an action"),
    gettext_noop("Select this object for an action - {}"),
    gettext_noop("Server error"),
    gettext_noop("Server error (500)"),
    gettext_noop("Server Error <em>(500)</em>"),
    gettext_noop("Set password"),
    gettext_noop("Show counts"),
    gettext_noop("Sidebar"),
    gettext_noop("Site administration"),
    gettext_noop("Skip to main content"),
    gettext_noop(
        "Something’s wrong with your database installation. Make sure the appropriate database tables have been created, and make sure the database is readable by the appropriate user."
    ),
    gettext_noop("Sorting priority: %(priority_number)s"),
    gettext_noop("Start typing to filter…"),
    gettext_noop("Successfully deleted %(count)d %(items)s."),
    gettext_noop("Summary"),
    gettext_noop("Thanks for spending some quality time with the web site today."),
    gettext_noop("Thanks for using our site!"),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop("The %(site_name)s team"),
    gettext_noop(
        "The password reset link was invalid, possibly because it has already been used.  Please request a new password reset."
    ),
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop(
        "There’s been an error. It’s been reported to the site administrators via email and should be fixed shortly. Thanks for your patience."
    ),
    gettext_noop("This action will <strong>enable</strong> password-based authentication for this user."),
    gettext_noop("This object doesn’t have a change history. It probably wasn’t added via this admin site."),
    gettext_noop("Time:"),
    gettext_noop("Toggle navigation"),
    gettext_noop("Toggle sorting"),
    gettext_noop("Toggle theme (current theme: auto)"),
    gettext_noop("Toggle theme (current theme: dark)"),
    gettext_noop("Toggle theme (current theme: light)"),
    gettext_noop("Unknown content"),
    gettext_noop("user"),
    gettext_noop("User"),
    gettext_noop("View"),
    gettext_noop("View %s"),
    gettext_noop("View on site"),
    gettext_noop("View selected %(model)s"),
    gettext_noop("View site"),
    gettext_noop("Welcome,"),
    gettext_noop("We’re sorry, but the requested page could not be found."),
    gettext_noop(
        "We’ve emailed you instructions for setting your password, if an account exists with the email you entered. You should receive them shortly."
    ),
    gettext_noop("Yes, I’m sure"),
    gettext_noop(
        "You are authenticated as %(username)s, but are not authorized to access this page. Would you like to login to a different account?"
    ),
    gettext_noop("You don’t have permission to view or edit anything."),
    gettext_noop("You may edit it again below."),
    gettext_noop(
        "You're receiving this email because you requested a password reset for your user account at %(site_name)s."
    ),
    gettext_noop("Your password has been set.  You may go ahead and log in now."),
    gettext_noop("Your password was changed."),
]

# django.contrib.auth: the user and group pages, password forms and validators
AUTH = [
    gettext_noop("%(name)s object with primary key %(key)r does not exist."),
    gettext_noop("A user with that username already exists."),
    gettext_noop("algorithm"),
    gettext_noop("Authentication and Authorization"),
    gettext_noop("block size"),
    gettext_noop("Change password: %s"),
    gettext_noop("checksum"),
    gettext_noop("Conflicting form data submitted. Please try again."),
    gettext_noop("date joined"),
    gettext_noop("Designates that this user has all permissions without explicitly assigning them."),
    gettext_noop("Designates whether the user can log into this admin site."),
    gettext_noop(
        "Designates whether this user should be treated as active. Unselect this instead of deleting accounts."
    ),
    gettext_noop("Disabled"),
    gettext_noop("Email"),
    gettext_noop("email address"),
    gettext_noop("Enable password-based authentication for this user by setting a password."),
    gettext_noop("Enabled"),
    gettext_noop("Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters."),
    gettext_noop(
        "Enter a valid username. This value may contain only unaccented lowercase a-z and uppercase A-Z letters, numbers, and @/./+/-/_ characters."
    ),
    gettext_noop("Enter new password"),
    gettext_noop("Enter the same password as before, for verification."),
    gettext_noop("hash"),
    gettext_noop("Important dates"),
    gettext_noop("Invalid password format or unknown hashing algorithm."),
    gettext_noop("iterations"),
    gettext_noop("last login"),
    gettext_noop("Logged out"),
    gettext_noop("memory cost"),
    gettext_noop("New password"),
    gettext_noop("New password confirmation"),
    gettext_noop("No password set."),
    gettext_noop("Old password"),
    gettext_noop("parallelism"),
    gettext_noop("password"),
    gettext_noop("Password change successful"),
    gettext_noop("Password changed successfully."),
    gettext_noop("Password confirmation"),
    gettext_noop("Password reset complete"),
    gettext_noop("Password reset on %(site_name)s"),
    gettext_noop("Password reset sent"),
    gettext_noop("Password reset unsuccessful"),
    gettext_noop("Password-based authentication"),
    gettext_noop("Password-based authentication was disabled."),
    gettext_noop("Personal info"),
    gettext_noop("Please enter a correct %(username)s and password. Note that both fields may be case-sensitive."),
    gettext_noop("Raw passwords are not stored, so there is no way to see the user’s password."),
    gettext_noop("Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only."),
    gettext_noop("Reset password"),
    gettext_noop("salt"),
    gettext_noop("Set password: %s"),
    gettext_noop("Specific permissions for this user."),
    gettext_noop("The groups this user belongs to. A user will get all permissions granted to each of their groups."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("The two password fields didn’t match."),
    gettext_noop("This account is inactive."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("This password is too common."),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
    ),
    gettext_noop("time cost"),
    gettext_noop("user permissions"),
    gettext_noop("username"),
    gettext_noop("users"),
    gettext_noop("variety"),
    gettext_noop(
        "Whether the user will be able to authenticate using a password or not. If disabled, they may still be able to authenticate using other backends, such as Single Sign-On or LDAP."
    ),
    gettext_noop("work factor"),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
    ),
]

# django.contrib.contenttypes: the permission lists name content types
CONTENTTYPES = [
    gettext_noop("%(ct_name)s objects don’t have a get_absolute_url() method"),
    gettext_noop("Content type %(ct_id)s object %(obj_id)s doesn’t exist"),
    gettext_noop("Content type %(ct_id)s object has no associated model"),
    gettext_noop("Content Types"),
    gettext_noop("python model class name"),
]

# Django itself: form and model validation messages, dates, the page of a failed CSRF check
CORE = [
    gettext_noop(
        "%(datetime)s couldn’t be interpreted in time zone %(current_timezone)s; it may be ambiguous or it may not exist."
    ),
    gettext_noop("%(model)s instance with %(field)s %(value)r is not a valid choice."),
    gettext_noop("%(model_name)s with this %(field_label)s already exists."),
    gettext_noop("%(model_name)s with this %(field_labels)s already exists."),
    gettext_noop("(Hidden field %(name)s) %(error)s"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "August"),
    gettext_noop("Constraint “%(name)s” is violated."),
    gettext_noop("CSRF verification failed. Request aborted."),
    pgettext_lazy("alt. month", "December"),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s decimal place.",
        "Ensure that there are no more than %(max)s decimal places.",
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s digit before the decimal point.",
        "Ensure that there are no more than %(max)s digits before the decimal point.",
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s digit in total.",
        "Ensure that there are no more than %(max)s digits in total.",
    ),
    ngettext_lazy(
        "Ensure this filename has at most %(max)d character (it has %(length)d).",
        "Ensure this filename has at most %(max)d characters (it has %(length)d).",
    ),
    ngettext_lazy(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
    ),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
    ),
    gettext_noop("Ensure this value is %(limit_value)s (it is %(show_value)s)."),
    gettext_noop(
        "Ensure this value is a multiple of step size %(limit_value)s, starting from %(offset)s, e.g. %(offset)s, %(valid_value1)s, %(valid_value2)s, and so on."
    ),
    gettext_noop("Ensure this value is a multiple of step size %(limit_value)s."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("Enter a complete value."),
    gettext_noop("Enter a valid %(protocol)s address."),
    gettext_noop("Enter a valid domain name."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Enter a valid integer."),
    gettext_noop("Enter a valid JSON."),
    gettext_noop("Enter a valid URL."),
    gettext_noop("Enter a valid value."),
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter only digits separated by commas."),
    pgettext_lazy("alt. month", "February"),
    gettext_noop("File extension “%(extension)s” is not allowed. Allowed extensions are: %(allowed_extensions)s."),
    gettext_noop("Forbidden"),
    gettext_noop("Friday"),
    gettext_noop(
        'If you are using the <meta name="referrer" content="no-referrer"> tag or including the “Referrer-Policy: no-referrer” header, please remove them. The CSRF protection requires the “Referer” header to do strict referer checking. If you’re concerned about privacy, use alternatives like <a rel="noreferrer" …> for links to third-party sites.'
    ),
    gettext_noop(
        "If you have configured your browser to disable cookies, please re-enable them, at least for this site, or for “same-origin” requests."
    ),
    gettext_noop(
        "If you have configured your browser to disable “Referer” headers, please re-enable them, at least for this site, or for HTTPS connections, or for “same-origin” requests."
    ),
    gettext_noop("IPv4 or IPv6"),
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "May"),
    gettext_noop("Mon"),
    gettext_noop("More information is available with DEBUG=True."),
    pgettext_lazy("alt. month", "November"),
    gettext_noop("Null characters are not allowed."),
    pgettext_lazy("alt. month", "October"),
    gettext_noop("Please correct the duplicate data for %(field)s, which must be unique."),
    gettext_noop("Please correct the duplicate data for %(field)s."),
    gettext_noop(
        "Please correct the duplicate data for %(field_name)s which must be unique for the %(lookup)s in %(date_field)s."
    ),
    gettext_noop("Please either submit a file or check the clear checkbox, not both."),
    ngettext_lazy("Please submit at least %(num)d form.", "Please submit at least %(num)d forms."),
    ngettext_lazy("Please submit at most %(num)d form.", "Please submit at most %(num)d forms."),
    gettext_noop("Sat"),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    pgettext_lazy("alt. month", "September"),
    gettext_noop("Sun"),
    gettext_noop("The inline value did not match the parent instance."),
    gettext_noop("This field cannot be blank."),
    gettext_noop("This field cannot be null."),
    gettext_noop("Tue"),
    gettext_noop("Value %(value)r is not a valid choice."),
    gettext_noop("Value must be valid JSON."),
    gettext_noop(
        "You are seeing this message because this HTTPS site requires a “Referer header” to be sent by your web browser, but none was sent. This header is required for security reasons, to ensure that your browser is not being hijacked by third parties."
    ),
    gettext_noop(
        "You are seeing this message because this site requires a CSRF cookie when submitting forms. This cookie is required for security reasons, to ensure that your browser is not being hijacked by third parties."
    ),
    gettext_noop("“%(pk)s” is not a valid value."),
]

# django-simple-history: the catalogue's history pages (it ships no Kazakh)
SIMPLE_HISTORY = [
    gettext_noop("Change History"),
    gettext_noop("Change reason"),
    gettext_noop("Changed"),
    gettext_noop("Changed by"),
    gettext_noop("Changes"),
    gettext_noop("Choose a date from the list below to revert to a previous version of this object."),
    gettext_noop("Comment"),
    gettext_noop("Created"),
    gettext_noop("Deleted"),
    gettext_noop("Deleted %(type_name)s"),
    gettext_noop("Object"),
    gettext_noop("Press the 'Change History' button below to edit the history."),
    gettext_noop("Press the 'Revert' button below to revert to this version of the object."),
    gettext_noop("Revert"),
    gettext_noop("Revert %(verbose_name)s"),
    gettext_noop("Revert %s"),
    gettext_noop('The %(name)s "%(obj)s" was changed successfully.'),
    gettext_noop("This object doesn't have a change history."),
    gettext_noop("View %(verbose_name)s"),
    gettext_noop("View history: %s"),
    gettext_noop("You may edit it again below"),
]

ADMIN_STRINGS = ADMIN + AUTH + CONTENTTYPES + CORE + SIMPLE_HISTORY
