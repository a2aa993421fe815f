"""The browser-test harness: the real app served by waitress over a
demo database, headless Chromium driven by Playwright, and helpers that
tests share (log in, accessibility check, screenshots).

Chromium is Debian's package (``scripts/test`` installs it); Playwright
never downloads a browser of its own here.
"""
import os
from pathlib import Path
import subprocess
import sys

from axe_playwright_python.sync_playwright import Axe

from kb.demo import DEMO_PASSWORD
from tests.conftest import HERE

CHROMIUM = os.environ.get('KB_CHROMIUM', '/usr/bin/chromium')
#: Flags this machine's closed network needs: without the background
#: networking ones Chromium keeps trying to reach outside hosts.
CHROMIUM_ARGS = [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update',
    '--disable-sync',
]
SCREENSHOTS = Path(HERE, 'docs', 'screenshots')
#: axe-core impacts that fail a test.
FAILING_IMPACTS = ('serious', 'critical')


def demo_ini(folder):
    """Write an ini like testing.ini but on a FileStorage in ``folder``
    (the ``kb`` commands and the server open the same file in turn)."""
    text = Path(HERE, 'testing.ini').read_text()
    text = text.replace('memory://', f'file://{folder}/Data.fs')
    text = text.replace('%(here)s/var/test-search', f'{folder}/search')
    text = text.replace('%(here)s', HERE)
    path = Path(folder, 'browser.ini')
    path.write_text(text)
    return str(path)


def kb_command(ini, *args):
    """Run the ``kb`` console script; fail loudly.

    A separate process, so that coverage tracing (these commands have
    tests of their own) does not slow down loading the demo.
    """
    kb = Path(sys.executable).with_name('kb')
    done = subprocess.run([str(kb), '-c', ini, *args], capture_output=True,
                          text=True)
    assert done.returncode == 0, f'kb {" ".join(args)}: {done.stderr}'


def login(page, user, password=DEMO_PASSWORD, came_from=None):
    """Log in through the login form and wait for the page after it."""
    path = '/login' if came_from is None else f'/login?came_from={came_from}'
    page.goto(path)
    page.locator('#username').fill(user)
    page.locator('#password').fill(password)
    with page.expect_navigation():
        page.locator('#password').press('Enter')


def logout(page):
    with page.expect_navigation():
        page.locator('#logout-form button').click()


def watch_errors(page):
    """A list that fills with the page's script errors and the content
    blocked by the Content-Security-Policy (inline scripts and styles)."""
    errors = []
    page.on('pageerror', lambda error: errors.append(str(error)))
    page.on('console', lambda message: errors.append(message.text) if (
        message.type == 'error' and 'Content Security Policy'
        in message.text) else None)
    return errors


def axe_violations(page):
    """The serious and critical axe-core violations on the page."""
    results = Axe().run(page)
    return [violation for violation in results.response['violations']
            if violation['impact'] in FAILING_IMPACTS]


def describe(violations):
    """Violations as readable lines: rule, impact, help, each node."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): "
                     f"{violation['help']} <{violation['helpUrl']}>")
        for node in violation['nodes']:
            lines.append(f"    {' '.join(map(str, node['target']))}: "
                         f"{node['failureSummary']}".replace('\n', ' '))
    return '\n'.join(lines)


def axe_check(page):
    """Fail if axe-core finds serious or critical violations."""
    violations = axe_violations(page)
    assert not violations, (f'accessibility violations on {page.url}:\n'
                            + describe(violations))


#: the widths every main page is checked and photographed at: a phone's
#: and a laptop's
PHONE, WIDE = 375, 1280


def set_width(page, width):
    """Resize the page's viewport to ``width`` (800 px high)."""
    page.set_viewport_size({'width': width, 'height': 800})


def sideways_overflow(page):
    """How many pixels the page is wider than its viewport (0 when it
    does not scroll sideways)."""
    return page.evaluate('document.documentElement.scrollWidth'
                         ' - window.innerWidth')


#: [why, text] of each header control that is too small to touch
#: (under 44 px), wraps onto a second line, or overlaps another one
HEADER_FAULTS = """() => {
  const shown = [...document.querySelectorAll(
      'header a, header button, header summary, header .user')]
    .filter(e => e.getClientRects().length && e.checkVisibility());
  const faults = [];
  const boxes = shown.map(e => [e, e.getBoundingClientRect()]);
  for (const [e, box] of boxes) {
    const name = e.textContent.trim();
    if (!e.matches('.user') && (box.width < 44 || box.height < 44))
      faults.push(['smaller than 44 px', name]);
    const texts = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
    while (texts.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(texts.currentNode);
      const tops = new Set([...range.getClientRects()]
        .filter(r => r.width > 1).map(r => Math.round(r.top)));
      if (tops.size > 1) faults.push(['wraps', name]);
    }
    for (const [other, o] of boxes) {
      if (other !== e && !e.contains(other) && !other.contains(e)
          && box.left < o.right - 1 && o.left < box.right - 1
          && box.top < o.bottom - 1 && o.top < box.bottom - 1)
        faults.push(['overlaps ' + other.textContent.trim(), name]);
    }
  }
  return faults;
}"""


def header_faults(page):
    """The header's controls that are too small, wrap or overlap."""
    return page.evaluate(HEADER_FAULTS)


def screenshot(page, name):
    """Save ``docs/screenshots/NAME.png`` (at the page's width) and
    ``NAME-375.png`` (a phone's) when ``KB_SCREENSHOTS=1``
    (``scripts/screenshots``); otherwise do nothing."""
    if os.environ.get('KB_SCREENSHOTS') != '1':
        return None
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f'{name}.png'
    page.screenshot(path=str(path), full_page=True)
    width = page.viewport_size
    set_width(page, PHONE)
    page.screenshot(path=str(SCREENSHOTS / f'{name}-{PHONE}.png'),
                    full_page=True)
    page.set_viewport_size(width)
    return path
