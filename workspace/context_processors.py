from .notifications import reminder_unread_count


def unread_reminders(request):
    """The count shown in the navigation: one small query per page, only for a logged-in user."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {"unread_reminder_count": reminder_unread_count(owner=request.user)}
