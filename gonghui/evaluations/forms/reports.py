"""Forms of part reports: the league's 同类比较组 filter and the trends page's union picker (GET forms)."""

from typing import Any, cast

from django import forms


class LeagueFilterForm(forms.Form):
    peer = forms.ChoiceField(label="同类比较组", required=False)

    def __init__(self, *args: Any, peer_groups: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["peer"]).choices = [
            ("", "全部单位"),
            *((g, g) for g in peer_groups),
        ]

    @property
    def peer_group(self) -> str:
        return str(self.cleaned_data.get("peer") or "") if self.is_valid() else ""


class TrendPickerForm(forms.Form):
    org = forms.ChoiceField(label="工会")

    def __init__(self, *args: Any, orgs: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["org"]).choices = [(o.code, o.name) for o in orgs]
