"""App configurations for lms: participants and progress, and the Wagtail user admin."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class LmsConfig(AppConfig):
    """Participant accounts, progress and completion."""

    default = True
    name = "lms"
    verbose_name = _("Deltagare och framsteg")

    def ready(self):
        """Add access, progress and reflections to the module page; keep statistics fresh."""
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished

        from coursecontent.extensions import register_context_provider, register_course_reader
        from coursecontent.models import ModulePage
        from scheduling.models import Round
        from scheduling.signals import schedule_changed

        from .module_page import course_access, module_context

        register_course_reader(course_access)
        register_context_provider(ModulePage, module_context)
        # The statistics' cache goes stale with the schedule and with the course's modules.
        schedule_changed.connect(_figures_changed, dispatch_uid="lms.stats.schedule")
        for signal in (page_published, page_unpublished):
            signal.connect(_figures_changed, sender=ModulePage, dispatch_uid="lms.stats.module")
        # A round added, renamed or given other rules in the admin (no service writes rounds).
        for signal in (post_save, post_delete):
            signal.connect(_figures_changed, sender=Round, dispatch_uid="lms.stats.round")


def _figures_changed(**kwargs) -> None:
    """Receive a change that the statistics count (`lms.stats.snapshots.figures_changed`)."""
    from .stats.snapshots import figures_changed

    figures_changed()


class UsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with the participant's municipality and job title in its forms."""

    default = False
    user_viewset = "lms.viewsets.UserViewSet"
