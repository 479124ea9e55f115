"""Admin panels of the scheduling screens: a cohort's sessions, cancelled but never deleted."""

from django import forms
from django.forms.formsets import ORDERING_FIELD_NAME
from wagtail.admin.panels import InlinePanel


class SessionsPanel(InlinePanel):
    """A cohort's sessions without a delete control: a session that exists is cancelled instead.

    The formset is built with `can_delete=False`, so a posted DELETE is ignored; the services
    refuse a session left out of the rows.
    """

    def get_form_options(self):
        """The InlinePanel's formset options, without deletion."""
        options = super().get_form_options()
        options["formsets"][self.relation_name]["can_delete"] = False
        return options

    class BoundPanel(InlinePanel.BoundPanel):
        """Wagtail's inline panel, whose rows have no DELETE field to hide or button to show."""

        template_name = "scheduling/admin/panels/sessions_panel.html"

        def __init__(self, **kwargs):
            # InlinePanel.BoundPanel hides each row's DELETE field, which this formset lacks;
            # skip to Panel.BoundPanel and bind the rows here.
            super(InlinePanel.BoundPanel, self).__init__(**kwargs)
            self.label = self.panel.label
            if self.form is None:
                return
            self.formset = self.form.formsets[self.panel.relation_name]
            self.child_edit_handler = self.panel.child_edit_handler
            self.children = [
                self._child(subform, index) for index, subform in enumerate(self.formset.forms)
            ]
            if self.formset.can_order and self.formset.is_valid():
                self.children.sort(
                    key=lambda child: child.form.cleaned_data.get(ORDERING_FIELD_NAME) or 1
                )
            self.empty_child = self._child(self.formset.empty_form, "__prefix__")

        def _child(self, subform, index):
            if self.formset.can_order:
                # The formset gives each row its order as the initial value, the script a new one.
                subform.fields[ORDERING_FIELD_NAME].widget = forms.HiddenInput()
            return self.child_edit_handler.get_bound_panel(
                instance=subform.instance,
                request=self.request,
                form=subform,
                prefix=f"{self.prefix}-{index}",
            )
