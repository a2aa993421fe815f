"""kb.metrics: the index lag and change-log length read from a root, and
a closed ticket counted only once its transaction committed."""
from pyramid import testing
import transaction

NS = 10 ** 9


def test_index_lag_is_the_age_of_the_oldest_waiting_change():
    from kb.metrics import index_lag_seconds

    root = DummyRoot({'card:a': 100 * NS, 'card:b': 130 * NS})
    assert index_lag_seconds(root, 160 * NS) == 60
    assert index_lag_seconds(DummyRoot({}), 160 * NS) == 0
    # a change stamped by another node's clock a little ahead
    assert index_lag_seconds(DummyRoot({'card:a': 170 * NS}), 160 * NS) == 0


def test_change_log_length_counts_the_waiting_changes():
    from kb.metrics import change_log_length

    assert change_log_length(DummyRoot({'card:a': 1, 'card:b': 2})) == 2


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


class DummyRoot(dict):
    def __init__(self, pending):
        super().__init__(search_queue=testing.DummyResource(pending=pending))


class DummyStore:
    def __init__(self, manager):
        self._p_jar = testing.DummyResource(transaction_manager=manager)
