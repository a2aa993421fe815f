"""Issue 17, item 1: the customer's feedback through the ticket panel's
close form, on the card's editor page, and in the monthly report's page
and spreadsheet CSV."""
from tests.views.helpers import log_in
from tests.views.test_intranet_tickets import open_ticket, ready


def test_close_form_records_feedback_and_the_report_shows_it(
        testapp, tokens, published_card, database, clock):
    clock.at('2015-02-02T10:00:00')
    ready(testapp, published_card)
    panel = open_ticket(testapp).follow()
    ticket_id = panel.request.path.rsplit('/', 1)[1]
    panel = panel.forms['resolve-form'].submit().follow()
    form = panel.forms['close-form']
    assert form['rating'].value == ''  # no rating unless given
    form['rating'] = '2'
    form['feedback'] = 'Soita minulle: 040 123 4567'
    refused = form.submit(status=422)
    # refused beside the field, what was typed kept
    assert refused.html.select_one('#feedback-error')
    assert refused.forms['close-form']['rating'].value == '2'
    form = refused.forms['close-form']
    form['feedback'] = 'Neuvonta auttoi.'
    form.submit().follow()
    with database as root:
        ticket = next(root['tickets'].months('mikkeli')).tickets[ticket_id]
        assert (ticket.state, ticket.rating, ticket.feedback) == (
            'closed', 2, 'Neuvonta auttoi.')
    page = testapp.get(f'/intranet/tickets/{ticket_id}')
    assert 'Neuvonta auttoi.' in page.text
    log_in(testapp, 'kela-editor')
    signals = testapp.get('/editor/cards/kela-asumistuki/edit').html.find(
        id='feedback')
    assert 'Annettu 1 asiointitapahtumassa; arvosanoja 1, keskiarvo 2' in \
        signals.text
    log_in(testapp, 'central')
    report = testapp.get('/reports/monthly', params={'month': '2015-02'})
    rows = report.html.find(id='monthly-heading').find_parent(
        'section').find_all('details')[-1].find('tbody').find_all('tr')
    assert [[cell.text for cell in row.find_all('td')][3:]
            for row in rows] == [['1', '1', '2']]
    csv = testapp.get(report.html.find(id='spreadsheet-link')['href']).text
    assert any(line.startswith('Tämä kuukausi;Asiakaspalaute;Mikkelin '
                               'Asiointipiste;Kela;')
               for line in csv.splitlines())
