"""The harness's own guards catch what they are for."""
from tests.browser.harness import axe_violations, watch_errors


def test_inline_script_blocked_by_the_csp_is_caught(browser, live_server):
    context = browser.new_context(base_url=live_server)
    try:
        page = context.new_page()
        errors = watch_errors(page)
        page.goto('/')
        page.evaluate('''() => {
            const script = document.createElement('script');
            script.textContent = 'document.title = "inline"';
            document.body.appendChild(script);
        }''')
        page.wait_for_timeout(200)
        assert page.title() != 'inline'
        assert any('Content Security Policy' in e for e in errors), errors
    finally:
        context.close()


def test_axe_reports_an_unlabelled_field(page):
    page.goto('/login')
    page.evaluate('''() => document.querySelector('label[for=password]')
                         .remove()''')
    assert 'label' in [v['id'] for v in axe_violations(page)]
