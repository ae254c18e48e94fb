"""The QA cycle in a real browser (issue 12), after test_workbench.py on the same server and workspace:
a QA lead samples and assigns a week, two assessors score from their queues, a blind calibration session is run
and revealed, an agent disputes a criterion, an arbitrator revises it, and the history shows both versions.
Every page visited is checked with axe and saved as a screenshot.
"""

import re
import time

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.expected_conditions import staleness_of
from selenium.webdriver.support.ui import Select

from test_workbench import BASE, axe_violations, http, screenshot, session_cookie, sign_in, state, wait, driver  # noqa: F401

# The week the QA lead samples (the inbound example's calls of 2025-01-20 to 2025-01-26).
WEEK = ("2025-01-20", "2025-01-26")
CALIBRATION_CALL = "call-000003"


def checked_page(driver, name):
    """Screenshot and axe check of the page shown now."""
    wait(driver, lambda d: d.execute_script("return document.readyState") == "complete")
    driver.execute_script("window.scrollTo(0, 0);")
    screenshot(driver, name)
    violations, report = axe_violations(driver)
    assert not violations, f"{name}:\n{report}"


def preferred_option(fieldset):
    """The answer a careful assessor gives on a good call: yes, else the highest scale point, else the first."""
    inputs = [i for i in fieldset.find_elements(By.CSS_SELECTOR, "input[type=radio], input[type=checkbox]")
              if i.get_attribute("value") != "na"]
    if not inputs:
        return None
    for i in inputs:
        if i.get_attribute("value") == "yes":
            return i
    numbers = [i for i in inputs if re.fullmatch(r"-?\d+(\.\d+)?", i.get_attribute("value") or "")]
    if numbers:
        return max(numbers, key=lambda i: float(i.get_attribute("value")))
    return inputs[0]


def score_open_form(driver, overrides=None, comments=None):
    """Answers every question that applies (overrides: criterion → value), then submits; puts right what the
    form asks for (a required comment) and submits again. Returns the page's URL after the submit."""
    overrides = overrides or {}
    comments = comments or {}
    wait(driver, lambda d: d.find_elements(By.ID, "scoring-form"), 20, "no scoring form")
    for _ in range(4):
        answer_all(driver, overrides, comments)
        form = driver.find_element(By.ID, "scoring-form")
        driver.find_element(By.CSS_SELECTOR, "button[value=submit]").click()
        wait(driver, lambda d: staleness_of(form)(d), 20, "the submit did not leave the page")
        wait(driver, lambda d: d.execute_script("return document.readyState") == "complete")
        if not driver.find_elements(By.ID, "scoring-form"):
            return driver.current_url
        # Refused: put right what was asked (a question now applying, a comment required) and submit again.
        for fieldset in driver.find_elements(By.CSS_SELECTOR, "fieldset.has-problem"):
            criterion = fieldset.get_attribute("data-criterion")
            if "comment" in fieldset.text.lower() and "required" in fieldset.text.lower():
                comments.setdefault(criterion, "Heard on the call; see the transcript.")
    raise AssertionError("the form was refused four times: " + driver.find_element(By.ID, "problems").text)


def answer_all(driver, overrides, comments):
    """Every question that applies answered (passes again for questions a previous answer brought in)."""
    for _ in range(3):
        for index in range(len(driver.find_elements(By.CSS_SELECTOR, "fieldset.criterion"))):
            try:
                fieldset = driver.find_elements(By.CSS_SELECTOR, "fieldset.criterion")[index]
                answer_one(driver, fieldset, overrides)
            except StaleElementReferenceException:
                continue   # the page's script redrew it: the next pass answers it
        time.sleep(0.5)   # the page's script shows the questions the answers bring in
    for criterion, text in comments.items():
        box = driver.find_element(By.ID, f"c-{criterion}")
        if not box.get_attribute("value"):
            box.send_keys(text)


def answer_one(driver, fieldset, overrides):
    """Answers one question if it applies and is not answered yet."""
    if "inapplicable" in (fieldset.get_attribute("class") or "") or not fieldset.is_displayed():
        return
    criterion = fieldset.get_attribute("data-criterion")
    if fieldset.find_elements(By.CSS_SELECTOR, "input:checked"):
        return
    if criterion in overrides:
        target = fieldset.find_element(By.CSS_SELECTOR, f"input[value='{overrides[criterion]}']")
    else:
        target = preferred_option(fieldset)
        if target is None:   # a number field
            field = fieldset.find_element(By.CSS_SELECTOR, "input[inputmode=decimal]")
            if not field.get_attribute("value"):
                field.send_keys("1")
            return
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", target)
    target.click()


def test_f_lead_samples_a_week_and_two_assessors_score_from_their_queues(driver):
    sign_in(driver, "qa-lead")
    driver.get(BASE + "/sampling")
    driver.execute_script(f"document.getElementById('s-from').value = '{WEEK[0]}';"
                          f"document.getElementById('s-to').value = '{WEEK[1]}';")
    form = Select(driver.find_element(By.ID, "s-template"))
    form.select_by_visible_text(next(o.text for o in form.options if o.text.startswith("Inbound")))
    per_agent = driver.find_element(By.ID, "s-per-agent")
    per_agent.clear()
    per_agent.send_keys("1")
    for name in ("assessor-1", "assessor-2"):
        driver.find_element(By.CSS_SELECTOR, f"input[name='assessor'][value='{name}']").click()
    driver.find_element(By.XPATH, "//button[normalize-space()='Preview the draw']").click()
    wait(driver, lambda d: d.find_elements(By.ID, "plan-h"), 20, "the sampling preview did not show its plan")
    checked_page(driver, "workflow-sampling-preview")
    driver.find_element(By.XPATH, "//button[normalize-space()='Draw and assign these calls']").click()
    wait(driver, lambda d: d.find_elements(By.ID, "progress-h"), 20, "the draw did not open the run's progress")
    state["run_url"] = driver.current_url
    checked_page(driver, "workflow-sampling-run")

    for assessor in ("assessor-1", "assessor-2"):
        sign_in(driver, assessor)
        driver.get(BASE + "/notifications")
        assert "calls to score" in driver.page_source or "assigned" in driver.page_source.lower(), \
            f"{assessor} was not told about the draw"
        driver.get(BASE + "/queue")
        links = driver.find_elements(By.XPATH, "//a[starts-with(normalize-space(), 'Score call')]")
        assert links, f"{assessor}'s queue is empty after the draw"
        call = links[0].text.replace("Score call", "").strip()
        links[0].click()
        after = score_open_form(driver)
        assert "/evaluations/" in after, after
        assert "Submitted. The score is" in driver.page_source
        state.setdefault("scored", {})[assessor] = (call, after)

    # The lead sees both done on the run's progress page.
    sign_in(driver, "qa-lead")
    driver.get(state["run_url"])
    progress = driver.find_element(By.CSS_SELECTOR, "table[aria-labelledby='progress-h']").text
    for assessor in ("assessor-1", "assessor-2"):
        row = next(line for line in progress.splitlines() if line.startswith(assessor))
        assert re.search(r"\b1\b", row), row


def test_g_blind_calibration_session_run_and_revealed(driver):
    sign_in(driver, "qa-lead")
    driver.get(BASE + "/calibration")
    driver.find_element(By.ID, "cal-name").send_keys("Week 4 calibration")
    form = Select(driver.find_element(By.ID, "cal-form"))
    form.select_by_visible_text(next(o.text for o in form.options if o.text.startswith("Inbound")))
    for name in ("assessor-1", "assessor-2"):
        driver.find_element(By.CSS_SELECTOR, f"input[name='assessor'][value='{name}']").click()
    driver.find_element(By.CSS_SELECTOR, f"input[name='call'][value='{CALIBRATION_CALL}']").click()
    checked_page(driver, "workflow-calibration-open-form")
    driver.find_element(By.XPATH, "//button[normalize-space()='Open the session']").click()
    wait(driver, lambda d: re.search(r"/calibration/\d+\?opened=1$", d.current_url), 20, "the session did not open")
    session_url = driver.current_url.split("?")[0]
    state["session_url"] = session_url
    assert "0 of 2 submitted" in driver.page_source

    # assessor-1 scores blind, with a planted comment that must not reach anyone else while the session is open.
    secret = "Only assessor-1 wrote this comment"
    sign_in(driver, "assessor-1")
    driver.get(session_url)
    driver.find_element(By.XPATH, f"//a[normalize-space()='Score call {CALIBRATION_CALL}']").click()
    assert "score this call on your own" in driver.page_source
    assert "Release the evaluation to the agent" not in driver.page_source
    score_open_form(driver, overrides={"greeting": "no"}, comments={"greeting": secret})
    assert "stored and sealed" in driver.page_source
    own = driver.find_element(By.XPATH, "//a[normalize-space()='your answers']").get_attribute("href")
    sealed_path = own.replace(BASE, "")
    driver.get(own)
    assert secret in driver.page_source, "assessor-1 cannot see their own calibration answers"

    # While open: assessor-2 and the QA lead get "not found" for it, and never see the comment anywhere.
    for who in ("assessor-2", "qa-lead"):
        sign_in(driver, who)
        cookie = "qa_session=" + session_cookie(driver)
        status, body = http("GET", sealed_path, cookie=cookie)
        assert status == 404, f"{who} opened a sealed evaluation ({status})"
        for path in ("/", session_url.replace(BASE, ""), "/calibration", "/reports/calibration/1"):
            status, body = http("GET", path, cookie=cookie)
            assert secret not in body, f"{who} saw the sealed comment on {path}"
    checked_page(driver, "workflow-calibration-sealed")

    # assessor-2 scores; the last submission reveals the session: answers side by side.
    sign_in(driver, "assessor-2")
    driver.get(session_url)
    driver.find_element(By.XPATH, f"//a[normalize-space()='Score call {CALIBRATION_CALL}']").click()
    score_open_form(driver)
    driver.get(session_url)
    assert "revealed: answers side by side" in driver.page_source
    assert "Answers side by side, most disagreement first" in driver.page_source
    first_row = driver.find_element(By.CSS_SELECTOR, "table.side-by-side tbody tr").text
    assert "greeting" in first_row.lower() or "greet" in first_row.lower(), first_row
    checked_page(driver, "workflow-calibration-revealed")

    # The lead records the agreed answer for the disputed question.
    sign_in(driver, "qa-lead")
    driver.get(session_url)
    key_form = driver.find_element(By.CSS_SELECTOR, "form.key-form")
    key_form.find_element(By.CSS_SELECTOR, "input[name=answer][value=yes]").click()
    key_form.find_element(By.CSS_SELECTOR, "input[name=note]").send_keys("The greeting came after the hold.")
    key_form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(driver, lambda d: "key=1" in d.current_url, 20, "the agreed answer was not recorded")
    assert "The greeting came after the hold." in driver.page_source
    driver.get(BASE + "/calibration/assessors/assessor-1")
    assert "Calibration history of assessor-1" in driver.page_source
    checked_page(driver, "workflow-calibration-history")
