"""The workbench in a real browser (headless Chromium through Selenium), against a running qa-serve.

Run by scripts/browser-tests, which makes a fresh demo workspace, starts the server and sets:
  QA_BASE_URL      the server, e.g. http://127.0.0.1:43123
  QA_SCREENSHOTS   where to save a screenshot of each page (default /tmp/qa-screenshots)
The scenarios run in this file's order and build on each other: the QA lead assigns a call, the assessor scores
it by keyboard alone, the agent sees it released. Every page is checked with axe (no violations allowed).
"""

import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE = os.environ.get("QA_BASE_URL", "http://127.0.0.1:8080").rstrip("/")
SHOTS = os.environ.get("QA_SCREENSHOTS", "/tmp/qa-screenshots")
PASSWORD = "workbench-demo"
# The call the QA lead assigns (agent-02's), scored with the collections form, which has an item that fails the
# whole evaluation; the evaluation scripts/browser-tests imports unreleased for agent-02.
CALL = "call-000010"
FORM_TITLE = "Collections calls"
UNRELEASED_KEY = "ev-browser-unreleased"

# What the scenarios learn and later ones use.
state = {}


@pytest.fixture(scope="module")
def driver():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("QA_CHROMIUM", "/usr/bin/chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,900", "--lang=en-US", "--force-device-scale-factor=1"):
        options.add_argument(arg)
    service = Service(executable_path=os.environ.get("QA_CHROMEDRIVER", "/usr/bin/chromedriver"))
    browser = webdriver.Chrome(options=options, service=service)
    browser.set_page_load_timeout(60)
    browser.set_script_timeout(60)
    yield browser
    browser.quit()


# ---- helpers ----------------------------------------------------------------------------------------------------

def wait(driver, condition, seconds=20, message=""):
    return WebDriverWait(driver, seconds, poll_frequency=0.1,
                         # A page being replaced mid-look (after a form is sent) is not a failure: look again.
                         ignored_exceptions=(NoSuchElementException, StaleElementReferenceException,
                                             WebDriverException)
                         ).until(lambda d: condition(d), message)


def keys(driver, *sequence):
    ActionChains(driver).send_keys(*sequence).perform()


def focused(driver):
    """What has the keyboard focus: tag, name, value, id, type, text."""
    return driver.execute_script(
        "var e = document.activeElement; return {tag: e.tagName.toLowerCase(), name: e.name || '', "
        "value: e.value || '', id: e.id || '', type: e.type || '', text: (e.textContent || '').trim().slice(0, 120)};")


def tab_to(driver, match, limit=300, what=""):
    """Press Tab until the focused element matches; fails if it never does."""
    for _ in range(limit):
        now = focused(driver)
        if match(now):
            return now
        keys(driver, Keys.TAB)
    raise AssertionError(f"Tab never reached {what or match}; focus ended on {focused(driver)}")


def checked(driver, criterion):
    return driver.execute_script(
        "var e = document.querySelector('input[name=\"answer.' + arguments[0] + '\"]:checked');"
        "return e ? e.value : null;", criterion)


def answer_by_keyboard(driver, criterion, value):
    """Tab to the criterion's radio group, then choose the option: Space for the first, arrow keys for the others."""
    tab_to(driver, lambda f: f["name"] == f"answer.{criterion}", what=f"the answers of {criterion}")
    values = driver.execute_script(
        "return Array.from(document.querySelectorAll('input[name=\"answer.' + arguments[0] + '\"]'))"
        ".map(function (e) { return e.value; });", criterion)
    index = values.index(value)
    start = values.index(focused(driver)["value"])
    if index == start:
        keys(driver, Keys.SPACE)
    else:
        step = Keys.ARROW_RIGHT if index > start else Keys.ARROW_LEFT
        for _ in range(abs(index - start)):
            keys(driver, step)
    wait(driver, lambda d: checked(d, criterion) == value, 5, f"{criterion} should be {value}")


def comment_by_keyboard(driver, criterion, text):
    tab_to(driver, lambda f: f["id"] == f"c-{criterion}", what=f"the comment of {criterion}")
    keys(driver, text)


def install_request_counter(driver):
    """Counts the page's requests in flight, so a test knows when the autosave has reached the server."""
    driver.execute_script(
        "if (window.__qaPending === undefined) { window.__qaPending = 0; var f = window.fetch;"
        " window.fetch = function () { window.__qaPending++;"
        "  return f.apply(this, arguments).finally(function () { window.__qaPending--; }); }; }")


def wait_for_autosave(driver):
    """Waits until no draft request has been in flight for a while and the page says the draft was saved."""
    quiet = 0
    deadline = time.time() + 30
    while quiet < 4:
        assert time.time() < deadline, "the draft was never saved"
        time.sleep(0.25)
        busy = driver.execute_script("return window.__qaPending;")
        quiet = quiet + 1 if busy == 0 else 0
    wait(driver, lambda d: "Draft saved" in d.find_element(By.ID, "running").text, 10, "no 'Draft saved'")


def sign_in(driver, username):
    driver.delete_all_cookies()
    driver.get(BASE + "/sign-in")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form.narrow button[type=submit]").click()
    wait(driver, lambda d: d.find_element(By.TAG_NAME, "h1").text == f"Welcome, {username}", 20,
         f"{username} did not reach their home page")


def session_cookie(driver):
    cookie = driver.get_cookie("qa_session")
    assert cookie, "no session cookie after signing in"
    return cookie["value"]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def http(method, path, cookie=None, form=None):
    """A request outside the browser: (status, body). Redirects are not followed."""
    data = urllib.parse.urlencode(form, doseq=True).encode() if form is not None else None
    request = urllib.request.Request(BASE + path, data=data, method=method)
    if cookie:
        request.add_header("Cookie", cookie)
    if data is not None:
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def table_rows(driver, heading_id):
    """The body rows of the table labelled by the heading, as lists of cell texts."""
    rows = driver.find_elements(By.CSS_SELECTOR, f"table[aria-labelledby='{heading_id}'] tbody tr")
    return [[cell.text for cell in row.find_elements(By.TAG_NAME, "td")] for row in rows]


def screenshot(driver, name):
    """The whole page (the window is stretched to the page's height for the picture)."""
    os.makedirs(SHOTS, exist_ok=True)
    height = driver.execute_script("return Math.ceil(document.documentElement.scrollHeight);")
    driver.set_window_size(1280, max(900, min(height + 120, 6000)))
    time.sleep(0.2)
    driver.save_screenshot(os.path.join(SHOTS, f"{name}.png"))
    driver.set_window_size(1280, 900)


def axe_violations(driver):
    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    return results["violations"], axe.report(results["violations"])


# ---- (a) the QA lead assigns a call ------------------------------------------------------------------------------

def test_a_qa_lead_assigns_a_call_to_an_assessor(driver):
    sign_in(driver, "qa-lead")
    # Remember an evaluation of another agent than agent-02 (for the agent's "not found" check).
    rows = driver.find_elements(By.CSS_SELECTOR, "table[aria-labelledby='evaluations-h'] tbody tr")
    others = [r for r in rows if r.find_elements(By.TAG_NAME, "td")[2].text not in ("agent-02", "")]
    assert others, "the QA lead's home lists no evaluation of another agent"
    state["other_agent_evaluation"] = others[0].find_element(By.TAG_NAME, "a").get_attribute("href")

    driver.get(BASE + "/calls")
    assert driver.find_element(By.TAG_NAME, "h1").text == "Calls"
    box = driver.find_element(By.ID, f"call-{CALL}")
    box.click()
    assert box.is_selected()
    Select(driver.find_element(By.ID, "assessor")).select_by_visible_text("assessor-1")
    form = Select(driver.find_element(By.ID, "template"))
    form.select_by_visible_text(next(o.text for o in form.options if o.text.startswith(FORM_TITLE)))
    due = driver.find_element(By.ID, "due")
    due.send_keys("12312026")   # the date field as a person types it (en-US: month, day, year)
    assert due.get_attribute("value") == "2026-12-31"
    driver.find_element(By.XPATH, "//button[normalize-space()='Assign']").click()
    wait(driver, lambda d: "assigned=" in d.current_url, 20, "no redirect after assigning")
    assert driver.find_element(By.CSS_SELECTOR, "p.notice").text == "Assigned 1 calls."

    # The assessor now has the call on their home page, with its form and due date.
    sign_in(driver, "assessor-1")
    rows = table_rows(driver, "assigned-h")
    mine = [r for r in rows if r[0] == CALL]
    assert len(mine) == 1, rows
    assert mine[0][1] == "agent-02" and mine[0][3].startswith(FORM_TITLE) and mine[0][4] == "2026-12-31", mine


# ---- (b) the assessor scores it by keyboard alone --------------------------------------------------------------

BEFORE_RELOAD = [
    ("recording-notice", "yes"),
    ("identity-verified", "no"),            # critical, fails the whole form; a "no" needs a comment
    ("data-protection-statement", "na"),    # N/A
    ("third-party-handling", "na"),
    ("purpose-stated", "yes"),
]
AFTER_RELOAD = [
    ("balance-and-arrears", "yes"),
    ("consequences-explained", "yes"),
    ("free-debt-advice", "yes"),
    ("vulnerability-indicated", "yes"),     # shows the two follow-up questions
    ("vulnerability-acknowledged", "yes"),
    ("vulnerability-recorded", "yes"),
    ("tone-and-respect", "4"),
    ("income-expenditure", "yes"),
    ("affordable-outcome", "arrangement"),
    ("next-steps-confirmed", "yes"),
]


def test_b_assessor_scores_by_keyboard_alone(driver):
    assert "other_agent_evaluation" in state, "scenario (a) did not run"
    # Sign in by keyboard: the username field has the focus when the page opens.
    driver.delete_all_cookies()
    driver.get(BASE + "/sign-in")
    assert focused(driver)["id"] == "username"
    keys(driver, "assessor-1", Keys.TAB, PASSWORD, Keys.ENTER)
    wait(driver, lambda d: d.find_element(By.TAG_NAME, "h1").text == "Welcome, assessor-1")

    # To the call: Tab to its link, Enter.
    tab_to(driver, lambda f: f["tag"] == "a" and f["text"] == f"Score call {CALL}", what="the call's link")
    keys(driver, Keys.ENTER)
    wait(driver, lambda d: d.find_element(By.TAG_NAME, "h1").text == f"Score call {CALL}")
    install_request_counter(driver)
    # The follow-ups of "vulnerability indicated" are hidden until it is answered yes.
    wait(driver, lambda d: not d.find_element(By.ID, "q-vulnerability-acknowledged").is_displayed(), 20,
         "the conditional question is shown before its condition is met")

    for criterion, value in BEFORE_RELOAD:
        answer_by_keyboard(driver, criterion, value)
    wait_for_autosave(driver)
    assert "Auto-fail" in driver.find_element(By.ID, "running").text, \
        "the running score does not announce the auto-fail"

    # Reload half way: the draft's answers come back.
    driver.refresh()
    wait(driver, lambda d: d.find_element(By.TAG_NAME, "h1").text == f"Score call {CALL}")
    install_request_counter(driver)
    for criterion, value in BEFORE_RELOAD:
        assert checked(driver, criterion) == value, f"after reloading, {criterion} is {checked(driver, criterion)}"
    assert checked(driver, "balance-and-arrears") is None

    for criterion, value in AFTER_RELOAD:
        if criterion == "vulnerability-acknowledged":
            wait(driver, lambda d: d.find_element(By.ID, "q-vulnerability-acknowledged").is_displayed(), 20,
                 "answering yes did not show the follow-up question")
        answer_by_keyboard(driver, criterion, value)
    wait_for_autosave(driver)

    # Submit (Tab to the button, Enter): refused, the "no" has no comment.
    tab_to(driver, lambda f: f["tag"] == "button" and f["value"] == "submit", what="the submit button")
    keys(driver, Keys.ENTER)
    wait(driver, lambda d: d.find_elements(By.ID, "problems"), 20, "the submit was not refused")
    problems = driver.find_element(By.ID, "problems")
    assert focused(driver)["id"] == "problems", "the problem summary does not have the focus"
    assert problems.get_attribute("role") == "alert"
    assert "Was the customer's identity fully verified" in problems.text, problems.text
    assert "comment" in problems.text.lower(), problems.text
    assert "/evaluations/" not in driver.current_url
    # Nothing was lost by the refusal.
    for criterion, value in BEFORE_RELOAD + AFTER_RELOAD:
        assert checked(driver, criterion) == value, f"after the refusal, {criterion} is {checked(driver, criterion)}"
    state["refused_form_url"] = driver.current_url

    # Follow the problem's link to the question (Tab, Enter), then give the comment and submit again.
    tab_to(driver, lambda f: f["tag"] == "a" and "identity fully verified" in f["text"], what="the problem's link")
    keys(driver, Keys.ENTER)
    comment_by_keyboard(driver, "identity-verified", "Account balance given before the date of birth was checked.")
    tab_to(driver, lambda f: f["tag"] == "button" and f["value"] == "submit", what="the submit button")
    keys(driver, Keys.ENTER)
    wait(driver, lambda d: "/evaluations/" in d.current_url, 20, "the second submit did not store the evaluation")

    # The evaluation page: the score (0, failed by the critical item), the N/A answer, the comment, the follow-up.
    submitted = driver.find_element(By.ID, "submitted")
    assert focused(driver)["id"] == "submitted"
    assert "The score is 0.0: Fail (auto-fail)" in submitted.text, submitted.text
    assert driver.find_element(By.CSS_SELECTOR, ".result .big").text == "0.0"
    assert "Auto-fail" in driver.find_element(By.CSS_SELECTOR, "p.critical-note").text
    answers = {dt.text.replace("Critical", "").strip(): dd.text for dt, dd in zip(
        driver.find_elements(By.CSS_SELECTOR, "dl.answers dt"), driver.find_elements(By.CSS_SELECTOR, "dl.answers dd"))}
    def answer_to(start):
        found = [v for k, v in answers.items() if k.startswith(start)]
        assert len(found) == 1, (start, answers)
        return found[0]
    assert answer_to("Did the agent give the data-protection statement").startswith("N/A")
    assert "Account balance given before the date of birth was checked." in answer_to("Was the customer's identity")
    assert answer_to("Did the agent acknowledge the customer's circumstances").lower().startswith("yes")
    assert "Comment:" not in answer_to("Did the agent acknowledge the customer's circumstances")  # none given
    assert "released" in driver.find_element(By.CSS_SELECTOR, "p.meta").text
    state["evaluation_url"] = driver.current_url.split("?")[0]


# ---- (c) the agent sees only their own released evaluations ----------------------------------------------------

def test_c_agent_sees_only_their_own_released_evaluations(driver):
    assert "evaluation_url" in state, "scenario (b) did not store an evaluation"
    sign_in(driver, "agent-02")
    rows = table_rows(driver, "evaluations-h")
    assert rows, "agent-02 sees no evaluations"
    assert {r[2] for r in rows} == {"agent-02"}, "agent-02 sees other agents' evaluations"
    assert all(r[7] != "not yet" for r in rows), "agent-02 sees an unreleased evaluation"
    links = [a.get_attribute("href") for a in driver.find_elements(
        By.CSS_SELECTOR, "table[aria-labelledby='evaluations-h'] tbody a")]
    assert state["evaluation_url"] in links, "the evaluation just scored and released is not listed"
    assert not any(UNRELEASED_KEY in link for link in links), "the unreleased evaluation is listed"

    driver.get(state["evaluation_url"])
    assert driver.find_element(By.TAG_NAME, "h1").text == f"Evaluation of call {CALL}"

    cookie = "qa_session=" + session_cookie(driver)
    for url in (state["other_agent_evaluation"], BASE + "/evaluations/" + UNRELEASED_KEY):
        driver.get(url)
        assert driver.find_element(By.TAG_NAME, "h1").text == "Not found", url
        assert driver.title.startswith("Not found")
        status, _ = http("GET", urllib.parse.urlparse(url).path, cookie=cookie)
        assert status == 404, (url, status)
    # The control: the agent's own evaluation is 200 through the same request.
    status, _ = http("GET", urllib.parse.urlparse(state["evaluation_url"]).path, cookie=cookie)
    assert status == 200


# ---- (d) a form without the anti-forgery token is refused ------------------------------------------------------

def test_d_post_without_csrf_token_is_refused(driver):
    sign_in(driver, "qa-lead")
    cookie = "qa_session=" + session_cookie(driver)
    driver.get(BASE + "/calls")
    token = driver.find_element(By.CSS_SELECTOR, "form[action='/assignments'] input[name=csrf]").get_attribute("value")
    template = Select(driver.find_element(By.ID, "template")).options[0].get_attribute("value")
    form = {"call": "call-000001", "assessor": "assessor-1", "template": template}

    status, body = http("POST", "/assignments", cookie=cookie, form=form)
    assert status == 403 and "Refused" in body, status
    status, body = http("POST", "/assignments", cookie=cookie, form=dict(form, csrf="0" * len(token)))
    assert status == 403, status
    status, _ = http("POST", "/sign-out", cookie=cookie, form={})
    assert status == 403, status
    # Nothing was assigned by the refused posts.
    assessor = _signed_in_cookie("assessor-1")
    status, body = http("GET", "/", cookie=assessor)
    assert status == 200 and "Score call call-000001<" not in body
    # The control: the same post with the page's token is accepted, and the call is then assigned.
    status, _ = http("POST", "/assignments", cookie=cookie, form=dict(form, csrf=token))
    assert status == 303, status
    status, body = http("GET", "/", cookie=assessor)
    assert status == 200 and "Score call call-000001<" in body


def _signed_in_cookie(username):
    """Signs in outside the browser (the sign-in form's own token and cookie) and returns the session cookie."""
    request = urllib.request.Request(BASE + "/sign-in")
    with urllib.request.urlopen(request, timeout=30) as response:
        page = response.read().decode()
        signin = re.search(r"qa_signin=([^;]+)", response.headers.get("Set-Cookie", "")).group(1)
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    request = urllib.request.Request(BASE + "/sign-in", method="POST", data=urllib.parse.urlencode(
        {"csrf": token, "username": username, "password": PASSWORD, "next": ""}).encode())
    request.add_header("Cookie", "qa_signin=" + signin)
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        urllib.request.build_opener(NoRedirect).open(request, timeout=30)
        raise AssertionError("signing in did not redirect")
    except urllib.error.HTTPError as error:
        assert error.code == 303, error.code
        return "qa_session=" + re.search(r"qa_session=([^;]+)", error.headers.get("Set-Cookie")).group(1)


def test_d_sign_in_without_its_token_is_refused(driver):
    status, body = http("POST", "/sign-in", form={"username": "qa-lead", "password": PASSWORD})
    assert status == 403 and "expired" in body, status


# ---- (e) axe on every page, (f) a screenshot of each ------------------------------------------------------------

def pages():
    """(screenshot name, who signs in or None, path or a function that gets the page ready)."""
    def refused_score_form(driver):
        driver.get(BASE + "/calls/call-000003/score")
        wait(driver, lambda d: d.find_element(By.ID, "running").text != "", 10)
        driver.find_element(By.CSS_SELECTOR, "button[value=submit]").click()
        wait(driver, lambda d: d.find_elements(By.ID, "problems"), 20, "the empty submit was not refused")
    return [
        ("sign-in", None, "/sign-in"),
        ("home-admin", "admin", "/"),
        ("accounts", "admin", "/accounts"),
        ("home-qa-lead", "qa-lead", "/"),
        ("calls", "qa-lead", "/calls"),
        ("score-form", "qa-lead", "/calls/call-000001/score"),
        ("score-form-refused", "qa-lead", refused_score_form),
        ("evaluation", "qa-lead", lambda d: d.get(state.get("evaluation_url") or BASE + "/")),
        ("teams", "qa-lead", "/teams"),
        ("team-dashboard", "qa-lead", "/teams/team-a"),
        ("templates", "qa-lead", "/templates"),
        ("reports", "qa-lead", "/reports"),
        ("calibration-report", "qa-lead", "/reports/calibration/1?reference=qa-lead"),
        ("drift-report", "qa-lead", "/reports/drift/1?reference=qa-lead"),
        ("coaching-plan", "qa-lead", "/agents/agent-02/plan"),
        ("sampling", "qa-lead", "/sampling"),
        ("sampling-preview", "qa-lead", sampling_preview),
        ("sampling-run", "qa-lead", sampling_draw),
        ("home-assessor", "assessor-1", "/"),
        ("queue-assessor", "assessor-1", "/queue"),
        ("home-team-leader", "leader-a", "/"),
        ("team-dashboard-leader", "leader-a", "/teams/team-a"),
        ("home-agent", "agent-02", "/"),
        ("coaching-plan-agent", "agent-02", "/agents/agent-02/plan"),
        ("not-found", "agent-02", "/evaluations/no-such-evaluation"),
    ]


def sampling_preview(driver):
    """The Sampling page with a policy previewed: a week of team-a's calls for assessor-1."""
    driver.get(BASE + "/sampling")
    driver.execute_script("document.getElementById('s-from').value = '2025-01-06';"
                          "document.getElementById('s-to').value = '2025-01-19';")
    driver.find_element(By.CSS_SELECTOR, "input[name='assessor'][value='assessor-1']").click()
    driver.find_element(By.XPATH, "//button[normalize-space()='Preview the draw']").click()
    wait(driver, lambda d: d.find_elements(By.ID, "plan-h"), 20, "the sampling preview did not show its plan")
    assert "Margin on mean score" in driver.page_source


def sampling_draw(driver):
    """The previewed policy drawn: the run's progress page."""
    driver.find_element(By.XPATH, "//button[normalize-space()='Draw and assign these calls']").click()
    wait(driver, lambda d: d.find_elements(By.ID, "progress-h"), 20, "the draw did not open the run's progress")
    assert "Drawn and assigned" in driver.page_source


def test_e_no_accessibility_violations_on_any_page_and_screenshots(driver):
    found = {}
    who = object()
    for name, user, target in pages():
        if user != who:
            if user is None:
                driver.delete_all_cookies()
            else:
                sign_in(driver, user)
            who = user
        if callable(target):
            target(driver)
        else:
            driver.get(BASE + target)
        wait(driver, lambda d: d.execute_script("return document.readyState") == "complete")
        assert driver.find_elements(By.TAG_NAME, "h1"), f"{name}: no heading"
        if name.startswith("team-dashboard"):
            meta = driver.find_element(By.CSS_SELECTOR, "p.meta").text
            assert re.search(r"the \d+ weeks up to the newest\)\.$", meta), meta
        time.sleep(0.3)  # the scoring form's first autosave updates the page
        driver.execute_script("window.scrollTo(0, 0);")
        screenshot(driver, name)   # before axe, which scrolls the page as it checks
        violations, report = axe_violations(driver)
        if violations:
            found[name] = report
    with open(os.path.join(SHOTS, "axe-report.txt"), "w", encoding="utf-8") as report_file:
        report_file.write("\n\n".join(f"== {name} ==\n{report}" for name, report in found.items()) or "no violations\n")
    assert state.get("evaluation_url"), "the evaluation page was not checked (scenario (b) stored none)"
    assert not found, "\n\n".join(f"== {name} ==\n{report}" for name, report in found.items())
