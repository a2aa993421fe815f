"""An advisor who serves several service points (Parainen's satellite
points) chooses the point of their service events in the intranet."""
import webtest

from tests.views.helpers import log_in
from tests.views.intranet_helpers import housing_card

CARD = '/intranet/cards/kela-asumistuki'


def serving(database, name, points):
    """Give ``name`` the service ``points`` (before logging in: a change
    through the admin pages would end the user's sessions)."""
    with database as root:
        root['users'][name].points = tuple(points)


def switch(client, point, status=303):
    form = client.get('/intranet/').forms['point-form']
    form['point'] = point
    return form.submit(status=status)


def ticket_point(page):
    ticket_id = page.headers['Location'].rsplit('/', 1)[1]
    return ticket_id.rsplit('-', 2)[0], ticket_id


def test_the_chosen_point_is_where_service_events_are_recorded(
        testapp, tokens, published_card, database):
    from kb.directory.point_cards import set_local_card

    body = housing_card()
    published_card(body['id'], **{k: v for k, v in body.items()
                                  if k not in ('id', 'provider')})
    with database as root:
        set_local_card(database.registry, 'test', root['points']['parainen'],
                       'kela-asumistuki', False, 'Vain ajanvarauksella.')
    serving(database, 'advisor', ['mikkeli', 'parainen'])
    log_in(testapp, 'advisor')
    page = testapp.get(CARD)
    options = page.html.select('#point-switch option')
    assert [(o['value'], o.get('selected')) for o in options] == [
        ('mikkeli', 'selected'), ('parainen', None)]
    assert not page.html.select_one('.not-offered')
    assert page.forms['open-form']['point'].value == 'mikkeli'
    # the switch: back to the page, the card follows the chosen point
    back = testapp.get(CARD).forms['point-form']
    back['point'] = 'parainen'
    page = back.submit(status=303).follow()
    assert page.request.path == CARD
    assert page.html.select_one('#point-switch option[selected]')[
        'value'] == 'parainen'
    assert page.html.select_one('.not-offered')
    assert page.html.select_one('.local .addendum').text == (
        'Vain ajanvarauksella.')
    assert page.forms['open-form']['point'].value == 'parainen'
    panel = page.forms['open-form'].submit(status=303).follow()
    assert panel.html.select_one('#ticket-point').text == (
        'Paraisten Asiointipiste')
    # the form names the point of this one service event
    form = testapp.get(CARD).forms['open-form']
    form['point'] = 'mikkeli'
    point, ticket_id = ticket_point(form.submit(status=303))
    assert point == 'mikkeli'
    # a flag from that ticket is the ticket's point's, not the chosen one
    flag_form = testapp.get(f'/intranet/tickets/{ticket_id}').forms[
        'flag-form']
    flag_form['reason'] = 'outdated'
    flag_form.submit(status=303)
    with database as root:
        [flag] = root['tickets'].flags['kela'].values()
    assert (flag.ticket, flag.point) == (ticket_id, 'mikkeli')
    # my open tickets: those of both points
    listed = testapp.get('/intranet/tickets').html.select(
        'section.tickets li')
    assert sorted(item.select_one('.point').text for item in listed) == [
        'Mikkelin Asiointipiste', 'Paraisten Asiointipiste']
    # the search is the chosen point's (its log names the point)
    testapp.get('/intranet/', params={'q': 'asumistuki'})
    with database as root:
        logged = list(root['search_log'].entries.values())
    assert logged[-1][3] == 'parainen'
    # a point the user does not serve: refused, readably
    refused = testapp.post('/intranet/point', {
        'point': 'saarijarvi', 'csrf_token': form['csrf_token'].value},
        status=403)
    assert 'text/html' in refused.content_type
    form = testapp.get(CARD).forms['open-form']
    form.fields['point'][0].force_value('saarijarvi')
    assert 'text/html' in form.submit(status=403).content_type


def test_one_point_no_switch_and_the_switch_needs_its_token(
        testapp, tokens, database):
    log_in(testapp, 'advisor')
    page = testapp.get('/intranet/')
    assert not page.html.select_one('#point-form')
    # a forged switch (no CSRF token) changes nothing
    serving(database, 'manager', ['mikkeli', 'parainen'])
    manager = webtest.TestApp(testapp.app)
    log_in(manager, 'manager')
    manager.post('/intranet/point', {'point': 'parainen'}, status=400)
    form = manager.get('/intranet/').forms['point-form']
    assert form['point'].value == 'mikkeli'
    # back to this site's pages only
    form['point'] = 'parainen'
    form['came_from'] = '//elsewhere.example/'
    assert form.submit(status=303).headers['Location'] == (
        'http://localhost/')


def test_a_manager_of_several_points_reports_on_each(testapp, tokens,
                                                     database):
    serving(database, 'manager', ['mikkeli', 'parainen'])
    log_in(testapp, 'manager')
    page = testapp.get('/reports/monthly', params={'month': '2015-02'})
    assert [o['value'] for o in page.html.select('#point option')] == [
        'mikkeli', 'parainen']
    switch(testapp, 'parainen')
    page = testapp.get('/reports/monthly', params={'month': '2015-02'})
    assert page.html.select_one('#point option[selected]')[
        'value'] == 'parainen'
    csv = testapp.get('/reports/monthly.csv', params={
        'month': '2015-02', 'point': 'mikkeli'})
    assert csv.status_int == 200
    testapp.get('/reports/monthly', params={
        'month': '2015-02', 'point': 'saarijarvi'}, status=403)


def test_a_managers_word_on_a_card_stays_with_the_point_it_was_given_for(
        testapp, tokens, published_card, database):
    """The card page's form names its point: switching the point in
    another tab before saving does not move the word to that point."""
    published_card('kela-asumistuki', **{
        key: value for key, value in housing_card().items()
        if key not in ('id', 'provider')})
    serving(database, 'manager', ['mikkeli', 'parainen'])
    log_in(testapp, 'manager')
    form = testapp.get(CARD).forms['local-form']
    form['addendum'] = 'Mikkelin oma ohje.'
    switch(testapp, 'parainen')
    form.submit(status=303)
    with database as root:
        assert 'kela-asumistuki' in root['points']['mikkeli'].cards
        assert 'kela-asumistuki' not in root['points']['parainen'].cards
    testapp.post(f'{CARD}/local?point=saarijarvi', {
        'csrf_token': form['csrf_token'].value, 'addendum': ''}, status=403)
    # a page that answered a form leads the switch back to a page
    form['addendum'] = 'x' * 501
    refused = form.submit(status=422)
    assert refused.forms['point-form']['came_from'].value == '/intranet/'


def test_a_program_searches_for_one_of_the_users_points(
        as_user, published_card, database):
    """The API has no switch: ``point`` names one of the user's
    points, and the results follow it."""
    published_card('kela-asumistuki', **{
        key: value for key, value in housing_card().items()
        if key not in ('id', 'provider')})
    serving(database, 'advisor', ['mikkeli', 'parainen'])
    as_user('manager').put('/api/v1/points/mikkeli/cards/kela-asumistuki',
                           {'offered': False, 'addendum': ''})
    advisor = as_user('advisor')

    def offered(point=None):
        params = {'q': 'asumistuki', **({'point': point} if point else {})}
        return [hit['offered_here'] for hit in advisor.get(
            '/api/v1/search', **params).json['results']]

    assert offered() == offered('mikkeli') == [False]
    assert offered('parainen') == [True]
    advisor.get('/api/v1/search', q='asumistuki', point='saarijarvi',
                status=403)
