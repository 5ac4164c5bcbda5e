"""Form widgets over the union tree.

`OrgTreePicker` is a `MultipleChoiceField`'s widget for choosing orgs (recipients, targets): the orgs as a nested
list of checkboxes in tree order, so it works and reads well without JavaScript (the page puts it in a
`<fieldset>` whose `<legend>` is the field's label; every checkbox has its `<label>`). A page that loads
`reports/org_picker.js` gets a filter box that hides the orgs whose name does not match (their ancestors stay, so
the tree still reads) and a live count of the ticked ones."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms

from .models import Org


@dataclass
class PickerNode:
    code: str
    name: str
    id: str
    checked: bool
    children: list["PickerNode"] = field(default_factory=list)


class OrgTreePicker(forms.CheckboxSelectMultiple):
    template_name = "orgs/widgets/org_tree_picker.html"

    def __init__(self, attrs: dict[str, Any] | None = None, orgs: Iterable[Org] = ()) -> None:
        super().__init__(attrs)
        self.orgs: list[Org] = list(orgs)

    def tree(self, name: str, value: Sequence[str] | None, id_prefix: str) -> list[PickerNode]:
        """The orgs as nested nodes (by `path`: an org whose parent is not among them is a root)."""
        chosen = {str(v) for v in value or ()}
        roots: list[PickerNode] = []
        stack: list[tuple[str, PickerNode]] = []
        for index, org in enumerate(sorted(self.orgs, key=lambda o: o.path)):
            node = PickerNode(
                code=org.code, name=org.name, id=f"{id_prefix}_{index}", checked=org.code in chosen
            )
            while stack and not org.path.startswith(stack[-1][0]):
                stack.pop()
            (stack[-1][1].children if stack else roots).append(node)
            stack.append((org.path, node))
        return roots

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        id_prefix = str(widget["attrs"].get("id") or f"id_{name}")
        widget["id"] = id_prefix
        widget["nodes"] = self.tree(name, widget["value"], id_prefix)
        widget["count"] = len(self.orgs)
        return context

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return f"{id_}_filter" if index is None else f"{id_}_{index}"
