"""kb.metrics: a closed ticket counted only once its transaction
committed."""
from pyramid import testing
import transaction


def test_a_closed_ticket_counts_only_when_its_transaction_commits():
    from kb.events import TicketClosed
    from kb.metrics import Metrics

    metrics = Metrics(testing.DummyResource())
    manager = transaction.TransactionManager()
    store = DummyStore(manager)
    manager.begin()
    metrics.on_ticket_closed(TicketClosed(object(), store))
    manager.abort()  # a refused or retried request
    assert metrics.tickets_closed._value.get() == 0
    manager.begin()
    metrics.on_ticket_closed(TicketClosed(object(), store))
    manager.commit()
    assert metrics.tickets_closed._value.get() == 1


class DummyStore:
    def __init__(self, manager):
        self._p_jar = testing.DummyResource(transaction_manager=manager)
