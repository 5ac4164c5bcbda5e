from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "gonghui.ledger"
    label = "ledger"
    verbose_name = "资金发放台账"
