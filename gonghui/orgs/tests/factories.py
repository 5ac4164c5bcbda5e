import factory

from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org


class OrgFactory(factory.django.DjangoModelFactory[Org]):
    """Creates a root org, or a child when `parent` is given (treebeard needs add_root/add_child)."""

    class Meta:
        model = Org

    name = factory.Sequence(lambda n: f"测试单位{n}工会")
    unit_name = factory.Sequence(lambda n: f"测试单位{n}")
    code = factory.Sequence(lambda n: f"T{n:04d}")
    level = OrgLevel.GRASSROOTS

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        if parent is None:
            return Org.objects.add_root(kwargs)
        return Org.objects.add_child(parent, kwargs)
